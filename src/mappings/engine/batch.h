// Batches: the records a shard worker hands to the function, the Kinesis and DynamoDB event
// documents Lambda builds from them, and how the function's answer is read
// (ReportBatchItemFailures).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace freshet::mappings {

// Where a mapping's records come from.
enum class SourceKind { Kinesis, TableStream };

struct StreamRecord {
    std::string sequence_number;
    // Kinesis: the partition key. Table streams: the item's key as JSON (ParallelizationFactor
    // keeps one key in one lane).
    std::string partition_key;
    std::string data_base64;  // Kinesis only
    int64_t arrival_ms = 0;   // ApproximateArrivalTimestamp / ApproximateCreationDateTime
    // Table streams: the record as GetRecords answers it (eventID, eventName, dynamodb, ...).
    std::string document;
};

// What every record of a batch shares.
struct EventSource {
    std::string shard_id;
    std::string stream_arn;
    std::string role_arn;  // invokeIdentityArn: the function's execution role
    std::string region;
    SourceKind kind = SourceKind::Kinesis;
};

// About what one record adds to the event document, for the 6 MB bound.
size_t event_size(const StreamRecord& r);
inline constexpr size_t kMaxEventBytes = 6 * 1024 * 1024;

// The event document: {"Records":[{"kinesis":{...},"eventSource":"aws:kinesis",...}]}, with
// approximateArrivalTimestamp in seconds with millisecond precision, as Lambda sends it.
std::string kinesis_event(const EventSource& source, const std::vector<StreamRecord>& records);
// A table stream's: {"Records":[{<the record as GetRecords answers it>,"eventSourceARN":...}]}.
std::string dynamodb_event(const EventSource& source, const std::vector<StreamRecord>& records);
// The document for the source's kind.
std::string event_document(const EventSource& source, const std::vector<StreamRecord>& records);

// How an invocation ended, for the retry logic.
struct InvokeOutcome {
    enum Kind {
        Success,
        PartialFailure,  // batchItemFailures named records of the batch
        FunctionError,   // the function failed, or its answer counts as a complete failure
        ServiceError,    // the invocation never reached the function (throttled, missing)
    } kind = Success;
    // PartialFailure: the index in the batch of the lowest failed sequence number.
    size_t first_failed = 0;
    std::string function_error;  // "Unhandled" or "Handled", for the failure record
    std::string message;         // for ServiceError
    int status = 200;
};

// Reads the function's answer when ReportBatchItemFailures is on. `payload` is the function's
// JSON answer. AWS's rules: "", null, [], {}, {"batchItemFailures":[]} and
// {"batchItemFailures":null} are success; identifiers that are all in the batch are a partial
// failure from the lowest of them; anything else (an identifier not in the batch, an empty or
// null one, an object with other keys) fails the whole batch.
InvokeOutcome read_batch_item_failures(const std::string& payload,
                                       const std::vector<StreamRecord>& batch);

// Sequence numbers are decimal strings: compare them as numbers.
bool sequence_less(const std::string& a, const std::string& b);

}  // namespace freshet::mappings
