// Names of table streams as DynamoDB writes them: the stream ARN (the table's ARN, "/stream/",
// the label), the label (the creation time, ISO 8601 with milliseconds, UTC, no zone suffix),
// and the id of a stream's one shard. Pure functions; thread safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tables/store/table_meta.h"

namespace freshet::tables {

// "2026-11-27T05:01:02.345" for a time in seconds since the epoch.
std::string stream_label(double created);
// arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>
std::string stream_arn(const TableMeta& t, const StreamDef& s);
// shardId-<creation time in ms, 20 digits>-<8 hex digits of the stream id>. Freshet gives
// each stream one shard, open while the stream is enabled.
std::string stream_shard_id(const StreamDef& s);

struct StreamArnParts {
    std::string region;
    std::string account;
    std::string table;
    std::string label;
};
// The parts of a well-formed table stream ARN, else nullopt.
std::optional<StreamArnParts> parse_stream_arn(std::string_view arn);

// The table's stream with this ARN (any state), or null.
const StreamDef* find_stream(const TableMeta& t, std::string_view arn);

}  // namespace freshet::tables
