// A running event source mapping: one Runner per enabled mapping finds the stream's shards
// (ListShards with the function's role), starts a ShardWorker per shard whose parents are
// finished (parents before children), and holds what the workers share: the function's
// identity, the role's credentials, the counters and LastProcessingResult.
//
// Thread safety: records_arrived, last_result and counters from any thread; start and stop
// from one thread (the engine's control thread).
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mappings/engine/batch.h"
#include "mappings/engine/calls.h"
#include "mappings/engine/delivery.h"
#include "mappings/engine/filter.h"
#include "mappings/store/mapping_store.h"

namespace freshet::mappings {

class ShardWorker;

// A mapping's configuration as the engine uses it (a snapshot: a change restarts the runner).
struct MappingSpec {
    std::string uuid;
    std::string function;    // as configured: name or ARN
    std::string stream_arn;  // EventSourceArn
    SourceKind kind = SourceKind::Kinesis;
    int64_t batch_size = 100;
    int64_t batching_window_s = 0;
    int64_t parallelization = 1;
    std::string starting_position;  // TRIM_HORIZON, LATEST, AT_TIMESTAMP
    int64_t start_ms = 0;           // for LATEST and AT_TIMESTAMP
    RetryPolicy retry;
    bool report_item_failures = false;
    std::string on_failure;  // destination ARN, or empty
    int64_t tumbling_window_s = 0;
    std::vector<Filter> filters;
    std::string version;  // LastModified: a different one means the configuration changed
};

MappingSpec spec_of(const store::MappingRecord& m);

class Runner {
  public:
    Runner(MappingSpec spec, const EngineDeps& deps, store::MappingStore& store);
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    void start();
    // Stops the shard workers (an invocation in flight is waited for) and the runner.
    void stop();

    void records_arrived(const std::string& shard_id);
    const MappingSpec& spec() const { return spec_; }
    std::string last_result() const;
    Counters& counters() { return counters_; }

    // For the shard workers.
    const EngineDeps& deps() const { return deps_; }
    store::MappingStore& store() { return store_; }
    std::optional<Principal> role() const;
    FunctionInfo function() const;
    void set_result(std::string result);
    void shard_finished();

  private:
    void run();
    bool refresh_identity();
    void discover();
    bool wait(std::chrono::milliseconds timeout);

    MappingSpec spec_;
    const EngineDeps& deps_;
    store::MappingStore& store_;
    Counters counters_;

    mutable std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    bool woken_ = false;
    std::optional<Principal> role_;
    FunctionInfo function_;
    std::string last_result_ = "No records processed";
    std::map<std::string, std::unique_ptr<ShardWorker>> workers_;  // guarded by mu_
    std::thread thread_;
};

}  // namespace freshet::mappings
