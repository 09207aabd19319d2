#include "tables/streams/common.h"

#include "tables/errors.h"

namespace freshet::tables {

ApiError stream_not_found(std::string_view arn) {
    return resource_not_found("Requested resource not found: Stream: " + std::string(arn) +
                              " not found");
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
