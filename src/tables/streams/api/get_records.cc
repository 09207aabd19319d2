// GetRecords: the shard's records from the iterator's position, at most Limit (1,000) and
// 1 MB. NextShardIterator is absent once a closed shard (a disabled stream's) is read to its
// end.
#include <boost/json.hpp>
#include <cmath>

#include "core/crypto.h"
#include "storage/key_codec.h"
#include "tables/errors.h"
#include "tables/store/stream_log.h"
#include "tables/streams/common.h"
#include "tables/streams/shard_iterator.h"

namespace freshet::tables {

namespace {

constexpr int64_t kMaxLimit = 1000;
constexpr size_t kMaxBytes = size_t{1} << 20;

std::map<std::string, boost::json::value> image(const boost::json::value& v) {
    std::map<std::string, boost::json::value> out;
    for (const auto& kv : v.as_object()) out.emplace(kv.key(), kv.value());
    return out;
}

sm::Record to_record(const ResolvedStream& r, const StreamRecord& rec) {
    const auto& b = rec.body;
    sm::Record out;
    // Stable per record, so that consumers can tell a record read twice.
    out.eventID = crypto::sha256_hex(r.arn + "/" + std::to_string(rec.seq)).substr(0, 32);
    out.eventName = std::string(b.at("e").as_string());
    out.eventVersion = "1.1";
    out.eventSource = "aws:dynamodb";
    out.awsRegion = r.parts.region;
    sm::StreamRecord d;
    // Rounded down to the second, as DynamoDB reports it.
    d.ApproximateCreationDateTime = TimePoint(std::chrono::duration_cast<TimePoint::duration>(
        std::chrono::seconds(static_cast<int64_t>(std::floor(b.at("t").to_number<double>())))));
    d.Keys = image(b.at("k"));
    if (const auto* n = b.if_contains("n")) d.NewImage = image(*n);
    if (const auto* o = b.if_contains("o")) d.OldImage = image(*o);
    d.SequenceNumber = format_sequence(rec.seq);
    d.SizeBytes = b.at("z").to_number<int64_t>();
    d.StreamViewType = r.stream.view_type;
    out.dynamodb = std::move(d);
    if (b.contains("u")) {
        // A time-to-live deletion is the service's, not a caller's.
        out.userIdentity = sm::Identity{"dynamodb.amazonaws.com", "Service"};
    }
    return out;
}

}  // namespace

Result<sm::GetRecordsOutput> get_records(TableStreamsService& s, RequestContext&,
                                         const sm::GetRecordsInput& in) {
    FRESHET_CHECK(check_limit(in.Limit, kMaxLimit));
    const int64_t limit = in.Limit.value_or(kMaxLimit);
    auto it = decode_table_iterator(s.secret(), in.ShardIterator);
    if (!it) return validation_error("Invalid ShardIterator");
    const int64_t now = epoch_millis(s.clock().now());
    if (now - it->created_ms > kTableIteratorTtlMs) {
        return dynamo_error("ExpiredIteratorException", "Shard iterator has expired");
    }
    FRESHET_TRY(r, resolve_stream(s, it->stream_arn));
    if (r.stream.id != it->stream_id) return stream_not_found(it->stream_arn);
    const uint64_t id = r.stream.id;
    if (it->position < trim_horizon(s.db(), id)) {
        return dynamo_error("TrimmedDataAccessException",
                            "The data you are trying to access has been trimmed");
    }
    // A disabled stream takes no more records: its end is known before the read.
    const uint64_t end = r.stream.enabled ? 0 : next_sequence(s.db(), id);
    sm::GetRecordsOutput out;
    out.Records.emplace();
    uint64_t next = it->position;
    size_t bytes = 0;
    auto rows = s.db().iterate(storage::Cf::TableItems, stream_record_key(id, it->position),
                               storage::prefix_successor(stream_counter_key(id)));
    for (rows.seek_to_first(); rows.valid(); rows.next()) {
        if (static_cast<int64_t>(out.Records->size()) == limit) break;
        storage::KeyReader key(rows.key());
        uint64_t stream_id = 0, seq = 0;
        if (!key.u64(stream_id) || !key.u64(seq)) continue;
        bytes += rows.value().size();
        if (bytes > kMaxBytes && !out.Records->empty()) break;
        out.Records->push_back(to_record(r, decode_stream_record(seq, rows.value())));
        next = seq + 1;
    }
    if (r.stream.enabled || next < end) {
        TableStreamIterator following = *it;
        following.position = next;
        following.created_ms = now;
        out.NextShardIterator = encode_table_iterator(s.secret(), following);
    }
    return out;
}

}  // namespace freshet::tables
