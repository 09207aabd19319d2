// Reserved concurrency, as Lambda enforces it: a function with ReservedConcurrentExecutions N
// runs at most N invocations at once over all its versions and aliases; one more is throttled
// (TooManyRequestsException, Reason ReservedFunctionConcurrentInvocationLimitExceeded). N = 0
// throttles every invocation. Functions without a reservation are not limited here (the pool
// bounds their environments and queues the excess).
//
// Thread-safety: every method from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace freshet::functions {

class Concurrency {
  public:
    // Takes one of the function's slots; false when `reserved` are all taken. Every true must
    // be matched by one release().
    bool try_acquire(const std::string& function, std::optional<int64_t> reserved);
    void release(const std::string& function);
    // Invocations of the function in progress now, queued in the pool included (tests,
    // diagnostics, and the concurrent executions gauge of GET /metrics).
    int64_t in_flight(const std::string& function) const;

  private:
    mutable std::mutex mu_;
    std::map<std::string, int64_t> in_flight_;  // guarded by mu_
};

}  // namespace freshet::functions
