// Delivery of one ordered run of records to the function, with AWS's error handling:
//   - a function error retries the whole batch, with backoff, until it succeeds,
//     MaximumRetryAttempts is used up or the records pass MaximumRecordAgeInSeconds;
//   - BisectBatchOnFunctionError splits a failed batch in two and retries the halves in order;
//     a split does not use up a retry (each half starts its own count);
//   - ReportBatchItemFailures: the records before the lowest failed one are done, and only the
//     rest is retried (this counts as an attempt);
//   - errors that never reached the function (throttles, a missing function) are retried
//     without counting, until the records are too old;
//   - a batch given up goes to `discard` with AWS's condition and invoke count.
// Records finish strictly in order, and `done_through` reports each new prefix that is
// finished, so the caller can checkpoint after it.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "mappings/engine/batch.h"
#include "mappings/engine/failure.h"

namespace freshet::mappings {

struct RetryPolicy {
    int64_t maximum_retry_attempts = -1;  // -1: until the records expire
    int64_t maximum_record_age_s = -1;    // -1: no limit
    bool bisect = false;
};

struct Counters {
    std::atomic<uint64_t> batches{0};   // invocations
    std::atomic<uint64_t> records{0};   // records delivered successfully
    std::atomic<uint64_t> retries{0};   // invocations that were retries
    std::atomic<uint64_t> failed{0};    // records given up
    std::atomic<uint64_t> filtered{0};  // records dropped by FilterCriteria
    std::atomic<int64_t> iterator_age_ms{0};
};

struct DeliveryHooks {
    std::function<InvokeOutcome(const std::vector<StreamRecord>&)> invoke;
    std::function<void(DiscardedBatch)> discard;
    // Sleeps; false when the worker must stop now.
    std::function<bool(std::chrono::milliseconds)> sleep;
    std::function<int64_t()> now_ms;
    std::function<void(const StreamRecord& last_done)> done_through;
};

enum class Delivered { Done, Stopped };

// The wait before the n-th retry (n >= 1): 100 ms doubling, at most 10 s.
std::chrono::milliseconds retry_backoff(int n);

Delivered deliver(const RetryPolicy& policy, std::vector<StreamRecord> records,
                  const DeliveryHooks& hooks, Counters& counters);

}  // namespace freshet::mappings
