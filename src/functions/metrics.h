// Invocation metrics per function, for GET /metrics: finished invocations with their
// durations (a histogram, whose count is the invocations counter) and function errors.
// Concurrent executions come from Concurrency (concurrency.h), which already counts them.
//
// What counts, as Lambda's Invocations and Errors do: every invocation that ran or was
// meant to run (RequestResponse, Event, and event source mappings, which call Invoke);
// an error is a function error (FunctionError: unhandled errors, timeouts, crashes, init
// errors, oversized responses) or an invocation Freshet could not run. Throttles and DryRun
// are not invocations.
//
// Thread safety: every method from any thread. record() takes a shared lock once the function
// has been seen, then adds to atomics.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/metrics.h"

namespace freshet::functions {

class InvocationMetrics {
  public:
    // Upper bounds of the duration buckets, in seconds: 1 ms to Lambda's 60 s and beyond.
    static const std::vector<double>& duration_bounds();

    void record(const std::string& function, double seconds, bool error);
    // Forgets a deleted function.
    void forget(const std::string& function);

    struct Stats {
        uint64_t errors = 0;
        Histogram::Snapshot duration;  // duration.count(): the invocations
    };
    // Zeros for a function never invoked.
    Stats get(const std::string& function) const;

  private:
    struct Entry {
        std::atomic<uint64_t> errors{0};
        Histogram duration{duration_bounds()};
    };

    mutable std::shared_mutex mu_;
    std::map<std::string, std::unique_ptr<Entry>, std::less<>> entries_;  // guarded by mu_
};

}  // namespace freshet::functions
