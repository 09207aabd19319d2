// The worker of one shard of one mapping: reads the shard with the function's role, batches
// (BatchSize, the batching window, 6 MB), filters, invokes the function through `deliver` and
// checkpoints after success. It waits on wake() (the stream's notification hook) and reads at
// least once a second without one. A closed shard read to its end is checkpointed as finished,
// and the runner starts its children.
//
// Thread safety: wake and stop from any thread; the rest runs on the worker's own thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mappings/engine/batch.h"
#include "mappings/engine/delivery.h"
#include "mappings/engine/window.h"
#include "mappings/store/mapping_store.h"

namespace freshet::mappings {

class Runner;

class ShardWorker {
  public:
    // `child`: the shard has a parent, so without a checkpoint it starts at TRIM_HORIZON.
    ShardWorker(Runner& runner, std::string shard_id, store::Checkpoint checkpoint, bool child);
    ~ShardWorker();
    ShardWorker(const ShardWorker&) = delete;
    ShardWorker& operator=(const ShardWorker&) = delete;

    void start();
    void wake();
    void request_stop();
    void join();

  private:
    void run();
    bool acquire_iterator();
    std::vector<StreamRecord> collect();
    Delivered process(const std::vector<StreamRecord>& batch);
    InvokeOutcome invoke(const std::vector<StreamRecord>& records, bool final_invoke = false);
    Delivered deliver_windows(std::vector<StreamRecord> records, const DeliveryHooks& hooks);
    // Ends the open tumbling window with its final invocation, if it is over (or `now`).
    void close_window(bool now);
    bool sleep(std::chrono::milliseconds d);
    bool stopping() const;
    void checkpoint(const std::string& sequence_number, bool closed);

    Runner& runner_;
    std::string shard_id_;
    store::Checkpoint saved_;
    bool child_;
    std::string iterator_;
    std::string position_;  // the last sequence number read (or the checkpoint's)
    bool closed_ = false;   // the shard has no next iterator: everything read
    std::deque<StreamRecord> pending_;
    Window window_;  // tumbling windows only

    mutable std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    bool woken_ = false;
    std::thread thread_;
};

}  // namespace freshet::mappings
