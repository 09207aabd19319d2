// The engine: one Runner per enabled mapping, started, restarted and stopped by one control
// thread as mappings are created, updated, disabled and deleted, and moved through AWS's
// states (Creating -> Enabled, Updating -> Enabled, Disabling -> Disabled, Deleting -> gone).
//
// Thread safety: every public method from any thread. records_arrived is called on the
// storage commit thread (streams' notification hook) and only wakes workers.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>

#include "mappings/engine/calls.h"
#include "mappings/engine/runner.h"
#include "mappings/store/mapping_store.h"

namespace freshet::mappings {

struct MappingStats {
    std::string last_result;
    uint64_t batches = 0, records = 0, retries = 0, failed = 0, filtered = 0;
    int64_t iterator_age_ms = 0;
};

class Engine {
  public:
    Engine(store::MappingStore& store, EngineDeps deps);
    ~Engine();

    // Starts the control thread and every stored mapping (after a restart they resume from
    // their checkpoints).
    void start();
    void stop();
    bool started() const;

    // The mapping changed in the store: bring its runner and State in line.
    void submit(const std::string& uuid);
    void records_arrived(const std::string& stream_arn, const std::string& shard_id);
    std::optional<MappingStats> stats(const std::string& uuid) const;
    const EngineDeps& deps() const { return deps_; }

  private:
    void control();
    void apply(const std::string& uuid);

    store::MappingStore& store_;
    EngineDeps deps_;

    mutable std::shared_mutex runners_mu_;
    std::map<std::string, std::shared_ptr<Runner>> runners_;

    std::mutex queue_mu_;
    std::condition_variable queue_cv_;
    std::deque<std::string> queue_;
    bool stopping_ = false;
    bool started_ = false;
    std::thread thread_;
};

}  // namespace freshet::mappings
