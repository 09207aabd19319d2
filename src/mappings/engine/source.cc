#include "mappings/engine/source.h"

#include <boost/json.hpp>

namespace freshet::mappings {

namespace json = boost::json;

namespace {

std::string string_at(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

Result<std::vector<ShardInfo>> kinesis_shards(const EngineDeps& deps, const std::string& arn,
                                              const Principal& as) {
    std::vector<ShardInfo> shards;
    std::string token;
    do {
        json::object in;
        if (token.empty()) {
            in["StreamARN"] = arn;
        } else {
            in["NextToken"] = token;
        }
        FRESHET_TRY(r, call_sync(*deps.client, "kinesis", "ListShards", std::move(in), as));
        const json::object& out = r.as_object();
        for (const auto& v : out.at("Shards").as_array()) {
            const json::object& s = v.as_object();
            ShardInfo shard{string_at(s, "ShardId"), {}};
            for (const char* key : {"ParentShardId", "AdjacentParentShardId"}) {
                if (std::string p = string_at(s, key); !p.empty()) shard.parents.push_back(p);
            }
            shards.push_back(std::move(shard));
        }
        token = string_at(out, "NextToken");
    } while (!token.empty());
    return shards;
}

Result<std::vector<ShardInfo>> table_stream_shards(const EngineDeps& deps, const std::string& arn,
                                                   const Principal& as) {
    std::vector<ShardInfo> shards;
    std::string after;
    do {
        json::object in{{"StreamArn", arn}};
        if (!after.empty()) in["ExclusiveStartShardId"] = after;
        FRESHET_TRY(r, call_sync(*deps.client, "dynamodb", "DescribeStream", std::move(in), as));
        const json::object& d = r.as_object().at("StreamDescription").as_object();
        if (const json::value* list = d.if_contains("Shards"); list && list->is_array()) {
            for (const auto& v : list->as_array()) {
                const json::object& s = v.as_object();
                ShardInfo shard{string_at(s, "ShardId"), {}};
                if (std::string p = string_at(s, "ParentShardId"); !p.empty())
                    shard.parents.push_back(p);
                shards.push_back(std::move(shard));
            }
        }
        after = string_at(d, "LastEvaluatedShardId");
    } while (!after.empty());
    return shards;
}

StreamRecord kinesis_record(const json::object& o) {
    StreamRecord rec;
    rec.sequence_number = string_at(o, "SequenceNumber");
    rec.partition_key = string_at(o, "PartitionKey");
    rec.data_base64 = string_at(o, "Data");
    rec.arrival_ms = static_cast<int64_t>(
        o.at("ApproximateArrivalTimestamp").to_number<double>() * 1000.0 + 0.5);
    return rec;
}

// GetRecords names a time-to-live deletion's identity {"PrincipalId", "Type"}; Lambda's event
// spells the members {"type", "principalId"}.
json::object lambda_record(const json::object& o) {
    json::object out = o;
    if (json::value* u = out.if_contains("userIdentity"); u && u->is_object()) {
        json::object identity;
        for (const auto& [key, value] : u->as_object()) {
            if (key == "Type") {
                identity["type"] = value;
            } else if (key == "PrincipalId") {
                identity["principalId"] = value;
            } else {
                identity[key] = value;
            }
        }
        *u = std::move(identity);
    }
    return out;
}

StreamRecord table_stream_record(const json::object& o) {
    StreamRecord rec;
    const json::object& d = o.at("dynamodb").as_object();
    rec.sequence_number = string_at(d, "SequenceNumber");
    if (const json::value* keys = d.if_contains("Keys")) rec.partition_key = json::serialize(*keys);
    if (const json::value* t = d.if_contains("ApproximateCreationDateTime"); t && t->is_number())
        rec.arrival_ms = static_cast<int64_t>(t->to_number<double>() * 1000.0 + 0.5);
    rec.document = json::serialize(lambda_record(o));
    return rec;
}

}  // namespace

std::optional<SourceKind> source_kind(std::string_view arn) {
    auto starts = [&](std::string_view p) { return arn.substr(0, p.size()) == p; };
    if (starts("arn:aws:kinesis:") && arn.find(":stream/") != std::string_view::npos)
        return SourceKind::Kinesis;
    if (starts("arn:aws:dynamodb:")) {
        size_t table = arn.find(":table/");
        size_t stream = arn.find("/stream/");
        if (table != std::string_view::npos && stream != std::string_view::npos &&
            stream > table + 7 && stream + 8 < arn.size())
            return SourceKind::TableStream;
    }
    return std::nullopt;
}

Result<std::vector<ShardInfo>> list_shards(const EngineDeps& deps, SourceKind kind,
                                           const std::string& arn, const Principal& as) {
    return kind == SourceKind::TableStream ? table_stream_shards(deps, arn, as)
                                           : kinesis_shards(deps, arn, as);
}

Result<std::string> shard_iterator(const EngineDeps& deps, SourceKind kind, const std::string& arn,
                                   const std::string& shard_id, const std::string& type,
                                   const std::string& sequence, double timestamp_s,
                                   const Principal& as) {
    const bool table = kind == SourceKind::TableStream;
    json::object in{{table ? "StreamArn" : "StreamARN", arn},
                    {"ShardId", shard_id},
                    {"ShardIteratorType", type}};
    if (!sequence.empty()) in[table ? "SequenceNumber" : "StartingSequenceNumber"] = sequence;
    if (type == "AT_TIMESTAMP") in["Timestamp"] = timestamp_s;
    FRESHET_TRY(r, call_sync(*deps.client, table ? "dynamodb" : "kinesis", "GetShardIterator",
                             std::move(in), as));
    return std::string(r.as_object().at("ShardIterator").as_string());
}

Result<ReadResult> read_records(const EngineDeps& deps, SourceKind kind, const std::string& arn,
                                const std::string& iterator, int64_t limit, const Principal& as) {
    const bool table = kind == SourceKind::TableStream;
    json::object in{{"ShardIterator", iterator}, {"Limit", std::min(limit, max_read_limit(kind))}};
    if (!table) in["StreamARN"] = arn;
    FRESHET_TRY(r, call_sync(*deps.client, table ? "dynamodb" : "kinesis", "GetRecords",
                             std::move(in), as));
    const json::object& out = r.as_object();
    ReadResult read;
    if (std::string next = string_at(out, "NextShardIterator"); !next.empty()) read.next = next;
    if (const auto* b = out.if_contains("MillisBehindLatest"); b && b->is_number())
        read.behind_ms = b->to_number<int64_t>();
    for (const auto& v : out.at("Records").as_array()) {
        read.records.push_back(table ? table_stream_record(v.as_object())
                                     : kinesis_record(v.as_object()));
    }
    return read;
}

bool error_is(const ApiError& e, std::string_view name) {
    const std::string& c = e.code;
    if (c == name) return true;
    return c.size() > name.size() && c.compare(c.size() - name.size(), name.size(), name) == 0 &&
           c[c.size() - name.size() - 1] == '#';
}

int64_t max_read_limit(SourceKind kind) {
    return kind == SourceKind::TableStream ? 1'000 : 10'000;
}

}  // namespace freshet::mappings
