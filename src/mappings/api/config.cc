#include "mappings/api/config.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "mappings/engine/filter.h"
#include "mappings/engine/source.h"

namespace freshet::mappings {

namespace json = boost::json;

ApiError invalid_parameter(std::string message) {
    return mapping_error("InvalidParameterValueException", std::move(message));
}

void mark_changed(store::MappingRecord& m, const std::string& state, TimePoint now) {
    m.config.State = state;
    m.config.StateTransitionReason = "User action";
    m.config.LastModified = now;
}

Result<void> check_settings(const Settings& s) {
    if (s.MaximumRecordAgeInSeconds && *s.MaximumRecordAgeInSeconds != -1 &&
        *s.MaximumRecordAgeInSeconds < 60) {
        return invalid_parameter(fmt::format(
            "1 validation error detected: Value '{}' at 'maximumRecordAgeInSeconds' failed to "
            "satisfy constraint: Member must have value greater than or equal to 60",
            *s.MaximumRecordAgeInSeconds));
    }
    if (s.DestinationConfig) {
        if (s.DestinationConfig->OnSuccess && s.DestinationConfig->OnSuccess->Destination)
            return invalid_parameter(
                "Unsupported DestinationConfig parameter for given event source mapping type.");
        if (s.DestinationConfig->OnFailure && s.DestinationConfig->OnFailure->Destination) {
            const std::string& d = *s.DestinationConfig->OnFailure->Destination;
            if (d.rfind("arn:aws:kinesis:", 0) != 0 || d.find(":stream/") == std::string::npos)
                return invalid_parameter(fmt::format(
                    "Unsupported destination {}: Freshet sends discarded batches to Kinesis "
                    "streams (SQS, SNS and S3 destinations come with those services).",
                    d));
        }
    }
    if (s.FilterCriteria && s.FilterCriteria->Filters) {
        for (const auto& f : *s.FilterCriteria->Filters) {
            auto parsed = Filter::parse(f.Pattern.value_or(""));
            if (!parsed.ok()) return std::move(parsed).take_error();
        }
    }
    return Ok{};
}

void apply_settings(const Settings& s, model::EventSourceMappingConfiguration& c) {
    if (s.BatchSize) c.BatchSize = s.BatchSize;
    if (s.MaximumBatchingWindowInSeconds)
        c.MaximumBatchingWindowInSeconds = s.MaximumBatchingWindowInSeconds;
    if (s.ParallelizationFactor) c.ParallelizationFactor = s.ParallelizationFactor;
    if (s.MaximumRecordAgeInSeconds) c.MaximumRecordAgeInSeconds = s.MaximumRecordAgeInSeconds;
    if (s.MaximumRetryAttempts) c.MaximumRetryAttempts = s.MaximumRetryAttempts;
    if (s.TumblingWindowInSeconds) c.TumblingWindowInSeconds = s.TumblingWindowInSeconds;
    if (s.BisectBatchOnFunctionError) c.BisectBatchOnFunctionError = s.BisectBatchOnFunctionError;
    if (s.DestinationConfig) {
        model::DestinationConfig d;
        d.OnFailure = s.DestinationConfig->OnFailure.value_or(model::OnFailure{});
        c.DestinationConfig = d;
    }
    if (s.FilterCriteria) {
        if (s.FilterCriteria->Filters && !s.FilterCriteria->Filters->empty()) {
            c.FilterCriteria = s.FilterCriteria;
        } else {
            c.FilterCriteria.reset();
        }
    }
    if (s.FunctionResponseTypes) c.FunctionResponseTypes = s.FunctionResponseTypes;
}

Result<FunctionInfo> resolve_function(const MappingsService& s, const std::string& name) {
    auto f = function_info(s.deps(), name);
    if (!f.ok() && f.error().code == "ResourceNotFoundException") {
        return mapping_error("ResourceNotFoundException", "Function does not exist", 404);
    }
    return f;
}

namespace {

// DynamoDB's error codes are namespaced ("com.amazonaws.dynamodb.v20120810#X").
bool error_is(const ApiError& e, std::string_view name) {
    const std::string& c = e.code;
    return c == name ||
           (c.size() > name.size() && c.compare(c.size() - name.size(), name.size(), name) == 0 &&
            c[c.size() - name.size() - 1] == '#');
}

// A table stream: DescribeStream as Lambda itself (existence), then the four actions Lambda
// needs as the function's role.
Result<void> check_table_stream_access(const EngineDeps& deps, const std::string& stream_arn,
                                       const std::string& role_arn) {
    auto cannot = [&] {
        return invalid_parameter(fmt::format(
            "Cannot access stream {}. Please ensure the role can perform the GetRecords, "
            "GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.",
            stream_arn));
    };
    auto described = call_sync(*deps.client, "dynamodb", "DescribeStream",
                               json::object{{"StreamArn", stream_arn}}, deps.account);
    if (!described.ok()) {
        if (error_is(described.error(), "ResourceNotFoundException"))
            return invalid_parameter("Stream not found: " + stream_arn);
        return std::move(described).take_error();
    }
    auto role = deps.assume_role(role_arn, "freshet-mapping-check");
    if (!role.ok()) {
        return invalid_parameter("The role defined for the function cannot be assumed by Lambda.");
    }
    const Principal& as = role.value();
    auto denied = [](const ApiError& e) {
        return error_is(e, "AccessDeniedException") || error_is(e, "AccessDenied");
    };
    auto listed =
        call_sync(*deps.client, "dynamodb", "ListStreams", json::object{{"Limit", 1}}, as);
    if (!listed.ok() && denied(listed.error())) return cannot();
    auto shards = list_shards(deps, SourceKind::TableStream, stream_arn, as);
    if (!shards.ok()) return cannot();
    if (shards.value().empty()) return Ok{};
    auto it = shard_iterator(deps, SourceKind::TableStream, stream_arn, shards.value().back().id,
                             "LATEST", "", 0, as);
    if (!it.ok()) return cannot();
    auto read = read_records(deps, SourceKind::TableStream, stream_arn, it.value(), 1, as);
    if (!read.ok() && denied(read.error())) return cannot();
    return Ok{};
}

}  // namespace

Result<void> check_stream_access(const MappingsService& s, const std::string& stream_arn,
                                 const std::string& role_arn) {
    const EngineDeps& deps = s.deps();
    if (source_kind(stream_arn) == SourceKind::TableStream)
        return check_table_stream_access(deps, stream_arn, role_arn);
    auto cannot = [&] {
        return invalid_parameter(fmt::format(
            "Cannot access stream {}. Please ensure the role can perform the GetRecords, "
            "GetShardIterator, DescribeStream, ListShards, and ListStreams Actions on your "
            "stream in IAM.",
            stream_arn));
    };
    // Whether the stream exists is Lambda's own knowledge, not the role's.
    auto summary = call_sync(*deps.client, "kinesis", "DescribeStreamSummary",
                             json::object{{"StreamARN", stream_arn}}, deps.account);
    if (!summary.ok()) {
        if (summary.error().code == "ResourceNotFoundException")
            return invalid_parameter("Stream not found: " + stream_arn);
        return std::move(summary).take_error();
    }
    auto role = deps.assume_role(role_arn, "freshet-mapping-check");
    if (!role.ok()) {
        return invalid_parameter("The role defined for the function cannot be assumed by Lambda.");
    }
    const Principal& as = role.value();
    auto ok = [&](std::string_view op, json::object in) {
        auto r = call_sync(*deps.client, "kinesis", op, std::move(in), as);
        return r.ok() ||
               (r.error().code != "AccessDeniedException" && r.error().code != "AccessDenied");
    };
    if (!ok("DescribeStream", {{"StreamARN", stream_arn}, {"Limit", 1}}) ||
        !ok("ListShards", {{"StreamARN", stream_arn}, {"MaxResults", 1}}) ||
        !ok("ListStreams", {{"Limit", 1}})) {
        return cannot();
    }
    auto shards = call_sync(*deps.client, "kinesis", "ListShards",
                            json::object{{"StreamARN", stream_arn}, {"MaxResults", 1}}, as);
    if (!shards.ok()) return cannot();
    const auto& list = shards.value().as_object().at("Shards").as_array();
    if (list.empty()) return Ok{};
    std::string shard = std::string(list[0].as_object().at("ShardId").as_string());
    auto it = call_sync(
        *deps.client, "kinesis", "GetShardIterator",
        json::object{
            {"StreamARN", stream_arn}, {"ShardId", shard}, {"ShardIteratorType", "LATEST"}},
        as);
    if (!it.ok()) return cannot();
    if (!ok("GetRecords", {{"StreamARN", stream_arn},
                           {"ShardIterator", it.value().as_object().at("ShardIterator")},
                           {"Limit", 1}}))
        return cannot();
    return Ok{};
}

}  // namespace freshet::mappings
