#include "tables/streams/common.h"

#include "tables/errors.h"

namespace freshet::tables {

ApiError stream_not_found(std::string_view arn) {
    return resource_not_found("Requested resource not found: Stream: " + std::string(arn) +
                              " not found");
}

Result<void> check_limit(const std::optional<int64_t>& limit, int64_t max) {
    if (!limit || *limit <= max) return Ok{};
    return validation_error("1 validation error detected: Value '" + std::to_string(*limit) +
                            "' at 'limit' failed to satisfy constraint: Member must have value "
                            "less than or equal to " +
                            std::to_string(max));
}

ApiError invalid_stream_arn() {
    return validation_error("Invalid StreamArn");
}

Result<ResolvedStream> resolve_stream(TableStreamsService& s, std::string_view arn) {
    auto parts = parse_stream_arn(arn);
    if (!parts) return invalid_stream_arn();
    auto t = load_table(s.db(), parts->table);
    const StreamDef* found = t ? find_stream(*t, arn) : nullptr;
    if (!found) return stream_not_found(arn);
    ResolvedStream r{*t, *found, std::move(*parts), std::string(arn)};
    return r;
}

}  // namespace freshet::tables
