#include "logs/model/batch_rules.h"

#include <fmt/format.h>

#include "logs/errors.h"

namespace freshet::logs {

Result<BatchVerdict> check_batch(const std::vector<BatchEvent>& events, int64_t now_ms,
                                 int64_t retention_days) {
    int64_t bytes = 0;
    for (size_t i = 0; i < events.size(); ++i) {
        if (i > 0 && events[i].timestamp_ms < events[i - 1].timestamp_ms) {
            return errors::invalid_parameter(
                "Log events in a single PutLogEvents request must be in chronological order.");
        }
        bytes += static_cast<int64_t>(events[i].bytes) + kEventOverheadBytes;
    }
    if (bytes > kMaxBatchBytes) {
        return errors::invalid_parameter(
            fmt::format("Upload too large: {} bytes exceeds limit of {}", bytes, kMaxBatchBytes));
    }
    BatchVerdict v;
    const int64_t oldest = now_ms - kMaxAgeMs;
    const int64_t retained = retention_days > 0 ? now_ms - retention_days * 86'400'000 : oldest;
    const int64_t newest = now_ms + kMaxFutureMs;
    size_t i = 0;
    while (i < events.size() && events[i].timestamp_ms < oldest) ++i;
    if (i > 0) v.too_old_end = static_cast<int64_t>(i);
    size_t expired = i;
    while (i < events.size() && events[i].timestamp_ms < retained) ++i;
    if (i > expired) v.expired_end = static_cast<int64_t>(i);
    v.accepted_begin = i;
    size_t end = events.size();
    while (end > i && events[end - 1].timestamp_ms > newest) --end;
    if (end < events.size()) v.too_new_start = static_cast<int64_t>(end);
    v.accepted_end = end;
    return v;
}

}  // namespace freshet::logs
