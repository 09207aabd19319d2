// GetRecords: a range scan of the shard from the iterator's position, at most Limit (default
// 10,000) records and 10 MiB. At the end of a closed shard it answers ChildShards and no
// NextShardIterator, as AWS does.
#include <fmt/format.h>

#include <ctime>

#include "storage/key_codec.h"
#include "streams/api/common.h"
#include "streams/errors.h"
#include "streams/model/sequence_number.h"
#include "streams/model/shard_iterator.h"
#include "streams/store/keys.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

namespace {

constexpr int64_t kDefaultLimit = 10'000;
constexpr size_t kMaxBytes = size_t{10} << 20;

// Java's Date.toString() in UTC, as AWS prints it: "Thu Jan 22 01:22:02 UTC 2015".
std::string java_date(int64_t ms) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a %b %d %H:%M:%S UTC %Y", &tm);
    return buf;
}

std::vector<m::ChildShard> child_shards(const Stream& s, uint32_t index) {
    std::vector<m::ChildShard> out;
    for (const Shard* child : s.children(index)) {
        m::ChildShard c;
        c.ShardId = shard_id(child->index);
        if (child->parent) c.ParentShards.push_back(shard_id(*child->parent));
        if (child->adjacent_parent) c.ParentShards.push_back(shard_id(*child->adjacent_parent));
        c.HashKeyRange = describe_range(child->range);
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

Result<m::GetRecordsOutput> get_records(StreamsService& svc, RequestContext& ctx,
                                        const m::GetRecordsInput& in) {
    auto it = decode_iterator(svc.secret(), in.ShardIterator);
    if (!it) return errors::invalid_argument("Invalid ShardIterator.");
    int64_t now = now_ms(svc);
    if (now - it->created_ms > kIteratorTtlMs) {
        return ApiError{"ExpiredIteratorException",
                        fmt::format("Iterator expired. The iterator was created at time {} while "
                                    "right now it is {} which is further in the future than the "
                                    "tolerated delay of {} milliseconds.",
                                    java_date(it->created_ms), java_date(now), kIteratorTtlMs)};
    }
    auto s = store::load_stream(svc.db(), it->account, it->region, it->stream_name);
    const Shard* sh = s && s->id == it->stream_id ? s->find_shard(it->shard) : nullptr;
    if (!sh) return errors::shard_not_found(shard_id(it->shard), it->stream_name, it->account);

    auto limit = static_cast<size_t>(in.Limit.value_or(kDefaultLimit));
    std::string prefix = keys::shard_records(s->id, sh->index);
    auto cursor =
        svc.db().iterate(storage::Cf::StreamRecords, prefix, storage::prefix_successor(prefix));
    m::GetRecordsOutput out;
    uint64_t position = it->position;
    size_t bytes = 0;
    uint64_t data_bytes = 0;
    int64_t last_arrival = now;
    for (cursor.seek(keys::record(s->id, sh->index, position)); cursor.valid(); cursor.next()) {
        if (out.Records.size() == limit || bytes >= kMaxBytes) break;
        auto counter = keys::record_counter(cursor.key());
        auto rec = keys::decode_record(cursor.value());
        if (!counter || !rec) throw storage::ReadError("corrupt stream record");
        m::Record r;
        r.SequenceNumber = format_sequence({s->id, sh->index, *counter});
        r.ApproximateArrivalTimestamp = from_epoch_millis(rec->arrival_ms);
        r.Data = std::move(rec->data);
        r.PartitionKey = std::move(rec->partition_key);
        bytes += r.Data.size() + r.PartitionKey.size();
        data_bytes += r.Data.size();
        last_arrival = rec->arrival_ms;
        out.Records.push_back(std::move(r));
        position = *counter + 1;
    }
    svc.count_outgoing(s->id, out.Records.size(), data_bytes);
    bool caught_up = !cursor.valid();
    out.MillisBehindLatest = caught_up ? 0 : std::max<int64_t>(0, now - last_arrival);
    if (sh->closed_counter && caught_up) {
        out.ChildShards = child_shards(*s, sh->index);
        return out;
    }
    IteratorState next = *it;
    next.position = position;
    next.created_ms = now;
    out.NextShardIterator = encode_iterator(svc.secret(), next);
    return out;
}

}  // namespace freshet::streams
