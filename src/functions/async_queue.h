// Lambda's internal queue for asynchronous invocations (InvocationType Event): an event is
// stored durably before Invoke answers 202, then run; a function error (its own error, a
// timeout, a crash) is retried twice, one minute and then two minutes later, as Lambda does; a
// throttled event waits and tries again, with a growing delay, for up to six hours. An event is
// removed once it ran, once its retries are spent, or once it is too old, and events still
// queued when the server stops run after it restarts.
//
// Thread-safety: every method from any thread. One thread waits for the next due event.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"

namespace freshet::storage {
class Db;
}

namespace freshet::functions {

struct AsyncEvent {
    uint64_t id = 0;       // its place in the queue, given by enqueue()
    std::string function;  // the name
    std::string version;   // "$LATEST" or "N": the version chosen when it was accepted
    std::string region;
    std::string payload;
    std::string client_context;
    int64_t accepted_ms = 0;
    int64_t due_ms = 0;
    int64_t attempts = 0;  // runs that ended in a function error
    int64_t throttles = 0;
};

struct AsyncQueueOptions {
    // Delays before the retries of an event whose run failed (Lambda: 1 and 2 minutes).
    std::vector<std::chrono::milliseconds> retry_delays = {std::chrono::minutes(1),
                                                           std::chrono::minutes(2)};
    std::chrono::milliseconds max_age = std::chrono::hours(6);  // MaximumEventAgeInSeconds
    std::chrono::milliseconds first_throttle_delay = std::chrono::seconds(1);
    std::chrono::milliseconds max_throttle_delay = std::chrono::minutes(5);
};

class AsyncQueue {
  public:
    enum class Outcome {
        Ran,            // the function returned: done
        FunctionError,  // the function failed (or could not start): retried while retries last
        Throttled,      // no concurrency to run it now: tried again later
        Gone,           // the function or version no longer exists: dropped
    };
    // Runs an event and calls `done` once, from any thread.
    using Run = std::function<void(const AsyncEvent&, std::function<void(Outcome)> done)>;

    AsyncQueue(storage::Db& db, AsyncQueueOptions options);
    ~AsyncQueue();  // stop()

    // Loads the events a previous run left, then runs events as they fall due.
    void start(Run run);
    // Stores the event durably (its id and due time are set here); it then runs.
    Result<void> enqueue(AsyncEvent event);
    void stop();
    size_t size() const;

  private:
    void loop();
    void finished(AsyncEvent event, Outcome outcome);
    Result<void> persist(const AsyncEvent& e);
    void forget(const AsyncEvent& e);

    storage::Db& db_;
    const AsyncQueueOptions options_;
    Run run_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::multimap<int64_t, AsyncEvent> due_;  // guarded by mu_: by due time
    size_t running_ = 0;                      // guarded by mu_
    bool stopping_ = false;                   // guarded by mu_
    std::thread thread_;
};

}  // namespace freshet::functions
