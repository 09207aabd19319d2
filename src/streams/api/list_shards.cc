// ListShards: by StreamName or by NextToken (not both), MaxResults (default and cap 1,000),
// ExclusiveStartShardId and ShardFilter. Tokens are signed and expire after 5 minutes.
#include <fmt/format.h>

#include "storage/key_codec.h"
#include "streams/api/common.h"
#include "streams/errors.h"
#include "streams/model/shard_iterator.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

namespace {

constexpr int64_t kMaxShardsPerPage = 1000;

// Whether a shard passes the filter (AWS's ShardFilter types).
bool passes(const m::ShardFilter& f, const Stream& s, const Shard& sh, int64_t now) {
    auto open_at = [&](int64_t t) { return sh.created_ms <= t && (sh.open() || sh.closed_ms > t); };
    if (f.Type == "AT_LATEST") return sh.open();
    if (f.Type == "AT_TRIM_HORIZON") {
        int64_t horizon = std::max(now - s.retention_hours * 3600 * 1000, s.created_ms);
        return open_at(horizon);
    }
    if (f.Type == "AT_TIMESTAMP") return open_at(f.Timestamp ? epoch_millis(*f.Timestamp) : now);
    if (f.Type == "FROM_TIMESTAMP") {
        int64_t t = f.Timestamp ? epoch_millis(*f.Timestamp) : now;
        return sh.open() || sh.closed_ms >= t;
    }
    if (f.Type == "AFTER_SHARD_ID") return !f.ShardId || shard_id(sh.index) > *f.ShardId;
    return true;  // FROM_TRIM_HORIZON: every shard still kept
}

Result<Stream> stream_of_token(StreamsService& svc, const Caller& c, const std::string& token,
                               int64_t now, uint32_t& after) {
    auto t = decode_shards_token(svc.secret(), token);
    // Messages not confirmed against AWS (see docs/compatibility/streams.md).
    if (!t) return errors::invalid_argument("Invalid NextToken.");
    if (now - t->created_ms > kIteratorTtlMs)
        return ApiError{"ExpiredNextTokenException", "The NextToken has expired."};
    FRESHET_TRY(s, find_stream(svc, c, t->stream_name));
    if (s.id != t->stream_id) return errors::stream_not_found(t->stream_name, c.account);
    after = t->after_shard;
    return s;
}

}  // namespace

Result<m::ListShardsOutput> list_shards(StreamsService& svc, RequestContext& ctx,
                                        const m::ListShardsInput& in) {
    Caller c = caller_of(ctx);
    // kinesalite's recordings of AWS.
    bool named = in.StreamName || in.StreamARN;
    if (!named && !in.NextToken)
        return errors::invalid_argument("Either NextToken or StreamName should be provided.");
    if (named && in.NextToken)
        return errors::invalid_argument("NextToken and StreamName cannot be provided together.");
    int64_t now = now_ms(svc);
    std::optional<uint32_t> after;
    Stream s;
    if (in.NextToken) {
        uint32_t a = 0;
        FRESHET_TRY(found, stream_of_token(svc, c, *in.NextToken, now, a));
        s = std::move(found);
        after = a;
    } else {
        FRESHET_TRY(found, find_stream_of(svc, c, in));
        s = std::move(found);
    }
    auto limit =
        static_cast<size_t>(std::min(in.MaxResults.value_or(kMaxShardsPerPage), kMaxShardsPerPage));
    m::ListShardsOutput out;
    out.Shards.emplace();
    for (const auto& sh : s.shards) {
        if (after && sh.index <= *after) continue;
        if (in.ExclusiveStartShardId && shard_id(sh.index) <= *in.ExclusiveStartShardId) continue;
        if (in.ShardFilter && !passes(*in.ShardFilter, s, sh, now)) continue;
        if (out.Shards->size() == limit) {
            ShardsToken t{s.id, s.name, *parse_shard_id(out.Shards->back().ShardId), now};
            out.NextToken = encode_shards_token(svc.secret(), t);
            break;
        }
        out.Shards->push_back(describe_shard(s, sh));
    }
    return out;
}

}  // namespace freshet::streams
