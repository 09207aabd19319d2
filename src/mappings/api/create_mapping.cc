// CreateEventSourceMapping: a Kinesis stream or a DynamoDB table stream to a function. Answers 202
// with State "Creating"; the engine starts the mapping at once and moves it to "Enabled".
#include <fmt/format.h>

#include "core/ids.h"
#include "mappings/api/config.h"
#include "mappings/engine/source.h"

namespace freshet::mappings {

Result<model::EventSourceMappingConfiguration> create_mapping(
    MappingsService& s, RequestContext& ctx, const model::CreateEventSourceMappingRequest& in) {
    if (!in.EventSourceArn) {
        return invalid_parameter(
            "Unrecognized event source, must be kinesis, dynamodb stream or sqs. Unsupported "
            "source arn : null");
    }
    const std::string& source = *in.EventSourceArn;
    const auto kind = source_kind(source);
    if (!kind) {
        return invalid_parameter(
            "Unrecognized event source, must be kinesis, dynamodb stream or sqs. Unsupported "
            "source arn : " +
            source);
    }
    if (!in.StartingPosition) {
        return invalid_parameter(
            "1 validation error detected: Value null at 'startingPosition' failed to satisfy "
            "constraint: Member must not be null.");
    }
    if (*in.StartingPosition == "AT_TIMESTAMP" && *kind == SourceKind::TableStream) {
        // Lambda accepts AT_TIMESTAMP only for Kinesis (and sources Freshet does not have);
        // the wording of this refusal is Freshet's own.
        return invalid_parameter(
            "Unsupported starting position AT_TIMESTAMP for a DynamoDB stream");
    }
    if (*in.StartingPosition == "AT_TIMESTAMP" && !in.StartingPositionTimestamp) {
        return invalid_parameter(
            "StartingPositionTimestamp must be provided when StartingPosition is AT_TIMESTAMP");
    }
    Settings settings = settings_of(in);
    FRESHET_CHECK(check_settings(settings));
    FRESHET_TRY(fn, resolve_function(s, in.FunctionName));
    FRESHET_CHECK(check_stream_access(s, source, fn.role));

    store::MappingRecord m;
    auto& c = m.config;
    const std::string uuid = ids::uuid4();
    const TimePoint now = ctx.clock->now();
    c.UUID = uuid;
    c.EventSourceMappingArn = MappingsService::mapping_arn(ctx, uuid);
    c.EventSourceArn = source;
    c.FunctionArn = fn.arn;
    c.StartingPosition = in.StartingPosition;
    c.StartingPositionTimestamp = in.StartingPositionTimestamp;
    c.BatchSize = 100;
    c.MaximumBatchingWindowInSeconds = 0;
    c.ParallelizationFactor = 1;
    c.MaximumRecordAgeInSeconds = -1;
    c.MaximumRetryAttempts = -1;
    c.BisectBatchOnFunctionError = false;
    c.TumblingWindowInSeconds = 0;
    c.FunctionResponseTypes = std::vector<std::string>{};
    c.DestinationConfig = model::DestinationConfig{std::nullopt, model::OnFailure{}};
    apply_settings(settings, c);
    c.LastModified = now;
    c.LastProcessingResult = "No records processed";
    c.State = "Creating";
    c.StateTransitionReason = "User action";
    m.function_name = fn.arn;
    m.enabled = in.Enabled.value_or(true);
    m.start_ms = *in.StartingPosition == "AT_TIMESTAMP"
                     ? epoch_millis(*in.StartingPositionTimestamp)
                     : epoch_millis(now);

    FRESHET_CHECK(
        s.store().create(m, [&](const store::MappingRecord& e) -> std::optional<ApiError> {
            if (e.config.EventSourceArn != c.EventSourceArn ||
                e.config.FunctionArn != c.FunctionArn)
                return std::nullopt;
            return mapping_error(
                "ResourceConflictException",
                fmt::format(
                    "The event source arn ( {} ) and function ( {} ) provided mapping "
                    "already exists. Please update or delete the existing mapping with UUID "
                    "{}",
                    source, fn.name, *e.config.UUID),
                409);
        }));
    s.engine().submit(uuid);
    return c;
}

}  // namespace freshet::mappings
