// PutLogEvents' rules for a batch (AWS's API reference, PutLogEvents):
//   - events in chronological order, else InvalidParameterException "Log events in a single
//     PutLogEvents request must be in chronological order.";
//   - at most 1,048,576 bytes, counted as the UTF-8 bytes of every message plus 26 per event,
//     else InvalidParameterException "Upload too large: N bytes exceeds limit of 1048576";
//   - (at most 10,000 events: the model's constraint, checked by the validator);
//   - events older than 14 days are rejected (tooOldLogEventEndIndex), then those older than
//     the group's retention (expiredLogEventEndIndex), and those more than 2 hours in the
//     future (tooNewLogEventStartIndex); the rest are stored and the call succeeds.
// Pure: unit-tested in tests/batch_rules_test.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"

namespace freshet::logs {

inline constexpr int64_t kMaxBatchBytes = 1'048'576;
inline constexpr int64_t kEventOverheadBytes = 26;
inline constexpr int64_t kMaxAgeMs = 14LL * 24 * 3600 * 1000;
inline constexpr int64_t kMaxFutureMs = 2LL * 3600 * 1000;

struct BatchEvent {
    int64_t timestamp_ms = 0;
    size_t bytes = 0;
};

// The accepted events are [accepted_begin, accepted_end); the optional indices are AWS's
// rejectedLogEventsInfo (end indices exclusive, start index inclusive).
struct BatchVerdict {
    size_t accepted_begin = 0;
    size_t accepted_end = 0;
    std::optional<int64_t> too_old_end;
    std::optional<int64_t> expired_end;
    std::optional<int64_t> too_new_start;
};

Result<BatchVerdict> check_batch(const std::vector<BatchEvent>& events, int64_t now_ms,
                                 int64_t retention_days);

}  // namespace freshet::logs
