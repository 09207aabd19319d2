// RecordNotifier: "records arrived on stream S, shard N", so that consumers in this process
// (event source mappings) wake at once instead of polling GetRecords on a timer.
//
// Contract:
//   - publish() is called by the streams module after a put's group write is durable, once
//     per shard the put wrote to, with the highest sequence number written there. A subscriber
//     that then reads the shard sees the records.
//   - Callbacks run on the storage commit thread: they must be short and must not block
//     (post the work to another thread), must not throw, and must not call subscribe or
//     unsubscribe (that would deadlock).
//   - unsubscribe() returns only when no call of that callback is in progress, and it is not
//     called again afterwards.
// Thread safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <shared_mutex>
#include <string>

namespace freshet::streams {

struct RecordsArrived {
    std::string account;
    std::string region;
    std::string stream_name;
    std::string stream_arn;
    uint64_t stream_id = 0;
    uint32_t shard_index = 0;
    std::string shard_id;              // "shardId-000000000000"
    std::string last_sequence_number;  // the highest sequence number this put wrote there
};

class RecordNotifier {
  public:
    using Callback = std::function<void(const RecordsArrived&)>;
    using SubscriptionId = uint64_t;

    SubscriptionId subscribe(Callback callback);
    // False when the id is unknown (already unsubscribed).
    bool unsubscribe(SubscriptionId id);
    void publish(const RecordsArrived& event) const;
    size_t subscribers() const;

  private:
    mutable std::shared_mutex mu_;
    std::map<SubscriptionId, Callback> callbacks_;
    SubscriptionId next_id_ = 1;
};

}  // namespace freshet::streams
