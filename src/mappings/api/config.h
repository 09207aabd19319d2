// What Create and Update share: the mapping's tunables, their checks beyond the model's
// constraints, and how the function and the stream are checked.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mappings/engine/calls.h"
#include "mappings/service.h"

namespace freshet::mappings {

struct Settings {
    std::optional<int64_t> BatchSize, MaximumBatchingWindowInSeconds, ParallelizationFactor,
        MaximumRecordAgeInSeconds, MaximumRetryAttempts, TumblingWindowInSeconds;
    std::optional<bool> BisectBatchOnFunctionError, Enabled;
    std::optional<model::DestinationConfig> DestinationConfig;
    std::optional<model::FilterCriteria> FilterCriteria;
    std::optional<std::vector<std::string>> FunctionResponseTypes;
};

template <class Request>
Settings settings_of(const Request& in) {
    Settings s;
    s.BatchSize = in.BatchSize;
    s.MaximumBatchingWindowInSeconds = in.MaximumBatchingWindowInSeconds;
    s.ParallelizationFactor = in.ParallelizationFactor;
    s.MaximumRecordAgeInSeconds = in.MaximumRecordAgeInSeconds;
    s.MaximumRetryAttempts = in.MaximumRetryAttempts;
    s.TumblingWindowInSeconds = in.TumblingWindowInSeconds;
    s.BisectBatchOnFunctionError = in.BisectBatchOnFunctionError;
    s.Enabled = in.Enabled;
    s.DestinationConfig = in.DestinationConfig;
    s.FilterCriteria = in.FilterCriteria;
    s.FunctionResponseTypes = in.FunctionResponseTypes;
    return s;
}

// InvalidParameterValueException for what the model cannot say.
Result<void> check_settings(const Settings& s);
// Copies the given settings onto the configuration.
void apply_settings(const Settings& s, model::EventSourceMappingConfiguration& c);

ApiError invalid_parameter(std::string message);

// A user's change to the mapping: its new State, "User action" as the reason, LastModified.
void mark_changed(store::MappingRecord& m, const std::string& state, TimePoint now);

// The function, by name or ARN (ResourceNotFoundException as Lambda words it).
Result<FunctionInfo> resolve_function(const MappingsService& s, const std::string& name);
// The stream exists and the role may read it, as Lambda checks when a mapping is created:
// "Stream not found: <arn>" or "Cannot access stream <arn>. Please ensure the role can perform
// the GetRecords, GetShardIterator, DescribeStream, ListShards, and ListStreams Actions on your
// stream in IAM."
Result<void> check_stream_access(const MappingsService& s, const std::string& stream_arn,
                                 const std::string& role_arn);

}  // namespace freshet::mappings
