// What the DynamoDB Streams handlers share: finding a stream by ARN, with DynamoDB Streams'
// errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tables/store/stream_def.h"
#include "tables/store/table_meta.h"
#include "tables/streams/service.h"

namespace freshet::tables {

struct ResolvedStream {
    TableMeta table;
    StreamDef stream;
    StreamArnParts parts;
    std::string arn;
};

// ValidationException "Invalid StreamArn" for a malformed ARN; ResourceNotFoundException
// "Requested resource not found: Stream: <arn> not found" for a stream that is not (or no
// longer) there.
Result<ResolvedStream> resolve_stream(TableStreamsService& s, std::string_view arn);

ApiError stream_not_found(std::string_view arn);
// The model-style refusal of a Limit above `max` ("... Member must have value less than or
// equal to <max>"); Ok when there is none or it is within.
Result<void> check_limit(const std::optional<int64_t>& limit, int64_t max);
ApiError invalid_stream_arn();

}  // namespace freshet::tables
