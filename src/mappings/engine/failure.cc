#include "mappings/engine/failure.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "core/encoding.h"
#include "core/ids.h"

namespace freshet::mappings {

namespace json = boost::json;

std::string invocation_record(const std::string& function_arn, const EventSource& source,
                              const DiscardedBatch& batch, TimePoint now) {
    json::object request{{"requestId", ids::uuid4()},
                         {"functionArn", function_arn},
                         {"condition", batch.condition},
                         {"approximateInvokeCount", batch.invoke_count}};
    json::object record{{"requestContext", std::move(request)}};
    if (batch.last) {
        json::object response{{"statusCode", batch.last->status}, {"executedVersion", "$LATEST"}};
        if (batch.last->function_error.empty()) {
            response["functionError"] = nullptr;
        } else {
            response["functionError"] = batch.last->function_error;
        }
        record["responseContext"] = std::move(response);
    }
    record["version"] = "1.0";
    record["timestamp"] = iso8601(now, true);
    const auto& first = batch.records.front();
    const auto& last = batch.records.back();
    // Lambda names the batch's source: KinesisBatchInfo or DDBStreamBatchInfo, same members.
    record[source.kind == SourceKind::TableStream ? "DDBStreamBatchInfo" : "KinesisBatchInfo"] =
        json::object{
            {"shardId", source.shard_id},
            {"startSequenceNumber", first.sequence_number},
            {"endSequenceNumber", last.sequence_number},
            {"approximateArrivalOfFirstRecord", iso8601(from_epoch_millis(first.arrival_ms), true)},
            {"approximateArrivalOfLastRecord", iso8601(from_epoch_millis(last.arrival_ms), true)},
            {"batchSize", batch.records.size()},
            {"streamArn", source.stream_arn}};
    return json::serialize(record);
}

namespace {

void to_log_group(const EngineDeps& deps, const std::string& function_name,
                  const std::string& record) {
    std::string group = "/aws/lambda/" + function_name;
    std::string stream = "event-source-mapping-failures";
    // Creating what exists already fails harmlessly; anything else shows in PutLogEvents.
    (void)call_sync(*deps.client, "logs", "CreateLogGroup", json::object{{"logGroupName", group}},
                    deps.account);
    (void)call_sync(*deps.client, "logs", "CreateLogStream",
                    json::object{{"logGroupName", group}, {"logStreamName", stream}}, deps.account);
    json::array events{
        json::object{{"timestamp", epoch_millis(deps.clock->now())}, {"message", record}}};
    auto r = call_sync(
        *deps.client, "logs", "PutLogEvents",
        json::object{
            {"logGroupName", group}, {"logStreamName", stream}, {"logEvents", std::move(events)}},
        deps.account);
    if (!r.ok()) {
        spdlog::warn("mappings: discarded batch of {} not logged ({}): {}", function_name,
                     r.error().message, record);
    }
}

}  // namespace

void send_failure(const EngineDeps& deps, const std::string& destination, const Principal& role,
                  const std::string& function_name, const std::string& shard_id,
                  const std::string& record) {
    if (destination.empty()) return to_log_group(deps, function_name, record);
    auto r = call_sync(*deps.client, "kinesis", "PutRecord",
                       json::object{{"StreamARN", destination},
                                    {"PartitionKey", shard_id},
                                    {"Data", base64_encode(record)}},
                       role);
    if (!r.ok()) {
        spdlog::warn("mappings: OnFailure destination {} refused the record of {}: {} {}",
                     destination, function_name, r.error().code, r.error().message);
    }
}

}  // namespace freshet::mappings
