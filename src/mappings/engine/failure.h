// What happens to a batch Lambda gives up on: the invocation record AWS sends to the
// OnFailure destination (no record data, only KinesisBatchInfo), sent to a Kinesis stream
// (a Freshet extension) or, without a destination, written to the function's log group.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "mappings/engine/batch.h"
#include "mappings/engine/calls.h"

namespace freshet::mappings {

struct DiscardedBatch {
    std::string condition;  // "RetryAttemptsExhausted" or "RecordAgeExceeded"
    int invoke_count = 0;   // approximateInvokeCount
    // The last invocation's answer, for RetryAttemptsExhausted; absent for RecordAgeExceeded.
    std::optional<InvokeOutcome> last;
    std::vector<StreamRecord> records;
};

std::string invocation_record(const std::string& function_arn, const EventSource& source,
                              const DiscardedBatch& batch, TimePoint now);

// Sends the record to `destination` (a Kinesis stream ARN, with the function's role) or, when
// it is empty, to the log group /aws/lambda/<function>. Failures are logged, not retried.
void send_failure(const EngineDeps& deps, const std::string& destination, const Principal& role,
                  const std::string& function_name, const std::string& shard_id,
                  const std::string& record);

}  // namespace freshet::mappings
