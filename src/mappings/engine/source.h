// The two kinds of event source a mapping reads, behind one set of calls: Kinesis streams
// (ListShards, GetShardIterator, GetRecords of the `kinesis` API) and DynamoDB table streams
// (DescribeStream, GetShardIterator, GetRecords of the DynamoDB Streams API). Every call goes
// through the in-process client as the given principal (the function's role), so IAM applies.
//
// Thread safety: free functions; safe from any background thread (never an IO thread).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"
#include "core/result.h"
#include "mappings/engine/batch.h"
#include "mappings/engine/calls.h"

namespace freshet::mappings {

// arn:aws:kinesis:<region>:<account>:stream/<name> or
// arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>; nullopt for anything else.
std::optional<SourceKind> source_kind(std::string_view arn);

struct ShardInfo {
    std::string id;
    std::vector<std::string> parents;
};

// Every shard of the source, parents included.
Result<std::vector<ShardInfo>> list_shards(const EngineDeps& deps, SourceKind kind,
                                           const std::string& arn, const Principal& as);

// An iterator at `type` (TRIM_HORIZON, LATEST, AFTER_SEQUENCE_NUMBER with `sequence`, or
// AT_TIMESTAMP with `timestamp_s`, Kinesis only).
Result<std::string> shard_iterator(const EngineDeps& deps, SourceKind kind, const std::string& arn,
                                   const std::string& shard_id, const std::string& type,
                                   const std::string& sequence, double timestamp_s,
                                   const Principal& as);

struct ReadResult {
    std::vector<StreamRecord> records;
    std::optional<std::string> next;  // nullopt: the shard is closed and read to its end
    int64_t behind_ms = 0;            // how far the read is behind the newest record
};

Result<ReadResult> read_records(const EngineDeps& deps, SourceKind kind, const std::string& arn,
                                const std::string& iterator, int64_t limit, const Principal& as);

// Whether `e` is the error `name`, plain or namespaced as DynamoDB's are
// ("com.amazonaws.dynamodb.v20120810#ExpiredIteratorException").
bool error_is(const ApiError& e, std::string_view name);

// GetRecords' Limit bound: 10,000 for Kinesis, 1,000 for table streams.
int64_t max_read_limit(SourceKind kind);

}  // namespace freshet::mappings
