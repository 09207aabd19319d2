// Kinesis Data Streams (awsJson 1.1, X-Amz-Target Kinesis_20131202.*) on the embedded store.
//
// Records live in Cf::StreamRecords under (stream id, shard, counter), so a read is a range
// scan; sequence numbers are assigned on the commit thread inside the write function, so they
// follow commit order and are never reused; a put is acknowledged only after its group write.
// See README.md for the layout and docs/compatibility/streams.md for what matches AWS.
//
// Thread safety: handlers run concurrently on the IO threads; all writes go through the
// committer. stop() ends the retention trimmer. The traffic counters are atomics (metrics.cc).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/service.h"
#include "storage/db.h"
#include "streams/kinesis.gen.h"
#include "streams/notifier.h"
#include "streams/trimmer.h"

namespace freshet::streams {

// The output of the actions that answer with an empty JSON object.
struct NoOutput {};
boost::json::value to_json(const NoOutput&);

struct StreamsOptions {
    const Clock* clock = &system_clock();
    std::chrono::milliseconds trim_interval{60'000};
    bool start_trimmer = true;
};

// AWS's default quotas (us-east-1): 500 open shards per account, 50 on-demand streams, and
// the 4 shards an on-demand stream starts with.
inline constexpr int64_t kShardLimit = 500;
inline constexpr int64_t kOnDemandStreamLimit = 50;
inline constexpr int64_t kOnDemandShards = 4;
// Iterators and ListShards tokens expire after 5 minutes.
inline constexpr int64_t kIteratorTtlMs = 300'000;

class StreamsService final : public Service {
  public:
    // Loads (or creates, on first use) the installation's iterator secret; fails only when
    // storage does.
    static Result<std::shared_ptr<StreamsService>> open(storage::Db& db,
                                                        StreamsOptions options = {});
    ~StreamsService() override;

    const shape::ServiceModel& model() const override { return model::service_model(); }
    const Action* find_action(std::string_view name) const override { return actions_.find(name); }
    const ErrorDialect& dialect() const override { return dialect_; }
    void stop() override;

    storage::Db& db() { return db_; }
    const std::string& secret() const { return secret_; }
    const Clock& clock() const { return *options_.clock; }
    // Subscribe here to hear of new records (see notifier.h).
    RecordNotifier& notifier() { return notifier_; }
    Trimmer& trimmer() { return trimmer_; }

    // Traffic per stream id for GET /metrics: records and record data bytes accepted by puts
    // (after the durable commit) and returned by GetRecords. Failed requests count nothing.
    void count_incoming(uint64_t stream_id, uint64_t records, uint64_t bytes) {
        traffic_.add(stream_id, {records, bytes, 0, 0});
    }
    void count_outgoing(uint64_t stream_id, uint64_t records, uint64_t bytes) {
        traffic_.add(stream_id, {0, 0, records, bytes});
    }
    // A deleted stream's series disappear (its id is never reused).
    void forget_stream(uint64_t stream_id) { traffic_.erase(stream_id); }
    void write_metrics(MetricsWriter& w) const override;

  private:
    StreamsService(storage::Db& db, StreamsOptions options, std::string secret);
    void add_stream_actions();
    void add_record_actions();
    void add_shard_actions();

    storage::Db& db_;
    StreamsOptions options_;
    std::string secret_;
    RecordNotifier notifier_;
    Trimmer trimmer_;
    CounterTable<4> traffic_;  // incoming records, bytes; outgoing records, bytes
    ActionTable actions_;
    ErrorDialect dialect_;
};

}  // namespace freshet::streams
