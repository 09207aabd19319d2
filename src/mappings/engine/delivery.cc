#include "mappings/engine/delivery.h"

#include <algorithm>
#include <deque>

namespace freshet::mappings {

std::chrono::milliseconds retry_backoff(int n) {
    int64_t ms = 100;
    for (int i = 1; i < n && ms < 10'000; ++i) ms *= 2;
    return std::chrono::milliseconds(std::min<int64_t>(ms, 10'000));
}

namespace {

struct Piece {
    std::vector<StreamRecord> records;
    int invokes = 0;  // invocations of this piece that reached the function
};

void finish(const DeliveryHooks& hooks, const std::vector<StreamRecord>& records, size_t n) {
    if (n > 0) hooks.done_through(records[n - 1]);
}

}  // namespace

Delivered deliver(const RetryPolicy& policy, std::vector<StreamRecord> records,
                  const DeliveryHooks& hooks, Counters& counters) {
    std::deque<Piece> work;
    work.push_back(Piece{std::move(records), 0});
    int service_errors = 0;
    while (!work.empty()) {
        Piece& p = work.front();
        if (policy.maximum_record_age_s >= 0) {
            int64_t cutoff = hooks.now_ms() - policy.maximum_record_age_s * 1000;
            auto young =
                std::find_if(p.records.begin(), p.records.end(),
                             [&](const StreamRecord& r) { return r.arrival_ms >= cutoff; });
            size_t old = static_cast<size_t>(young - p.records.begin());
            if (old > 0) {
                DiscardedBatch d{
                    "RecordAgeExceeded", p.invokes, std::nullopt, {p.records.begin(), young}};
                counters.failed += old;
                hooks.discard(std::move(d));
                finish(hooks, p.records, old);
                p.records.erase(p.records.begin(), young);
                if (p.records.empty()) {
                    work.pop_front();
                    continue;
                }
            }
        }
        if (p.invokes > 0) ++counters.retries;
        ++counters.batches;
        InvokeOutcome out = hooks.invoke(p.records);
        if (out.kind == InvokeOutcome::Success) {
            counters.records += p.records.size();
            finish(hooks, p.records, p.records.size());
            work.pop_front();
            service_errors = 0;
            continue;
        }
        if (out.kind == InvokeOutcome::ServiceError) {
            if (!hooks.sleep(retry_backoff(++service_errors))) return Delivered::Stopped;
            continue;
        }
        service_errors = 0;
        ++p.invokes;
        if (out.kind == InvokeOutcome::PartialFailure && out.first_failed > 0) {
            counters.records += out.first_failed;
            finish(hooks, p.records, out.first_failed);
            p.records.erase(p.records.begin(),
                            p.records.begin() + static_cast<std::ptrdiff_t>(out.first_failed));
        }
        if (out.kind == InvokeOutcome::FunctionError && policy.bisect && p.records.size() > 1) {
            size_t half = p.records.size() / 2;
            Piece first{{p.records.begin(), p.records.begin() + static_cast<std::ptrdiff_t>(half)},
                        0};
            Piece second{{p.records.begin() + static_cast<std::ptrdiff_t>(half), p.records.end()},
                         0};
            work.pop_front();
            work.push_front(std::move(second));
            work.push_front(std::move(first));
            continue;
        }
        if (policy.maximum_retry_attempts >= 0 && p.invokes > policy.maximum_retry_attempts) {
            counters.failed += p.records.size();
            DiscardedBatch d{"RetryAttemptsExhausted", p.invokes, out, p.records};
            hooks.discard(std::move(d));
            finish(hooks, p.records, p.records.size());
            work.pop_front();
            continue;
        }
        if (!hooks.sleep(retry_backoff(p.invokes))) return Delivered::Stopped;
    }
    return Delivered::Done;
}

}  // namespace freshet::mappings
