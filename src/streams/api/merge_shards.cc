// MergeShards: closes two adjacent open shards and opens their union, whose parent is
// ShardToMerge and adjacent parent AdjacentShardToMerge (as AWS reports them).
#include <fmt/format.h>

#include "streams/api/resharding.h"
#include "streams/errors.h"

namespace freshet::streams {

void merge_shards(StreamsService& svc, RequestContext& ctx, m::MergeShardsInput in,
                  Reply<NoOutput> reply) {
    Caller c = caller_of(ctx);
    int64_t now = now_ms(svc);
    auto name = stream_name_of(c, in);
    if (!name.ok()) return reply(std::move(name).take_error());
    change_stream(
        svc, c, std::move(name).value(),
        [c, in, now](Stream& s, storage::Txn& txn) -> Result<void> {
            FRESHET_TRY(a, open_shard_for_resharding(s, in.ShardToMerge));
            FRESHET_TRY(b, open_shard_for_resharding(s, in.AdjacentShardToMerge));
            HashRange ra = s.shards[a].range, rb = s.shards[b].range;
            bool adjacent = (ra.end != kMaxHashKey && ra.end + 1 == rb.start) ||
                            (rb.end != kMaxHashKey && rb.end + 1 == ra.start);
            if (!adjacent) {
                // kinesalite's recording of AWS.
                return errors::invalid_argument(
                    fmt::format("Shards {} and {} in stream {} under account {} are not an "
                                "adjacent pair of shards eligible for merging",
                                shard_id(a), shard_id(b), s.name, c.account));
            }
            close_shard(txn, s, a, now);
            close_shard(txn, s, b, now);
            add_shard(s, HashRange{std::min(ra.start, rb.start), std::max(ra.end, rb.end)}, a, b,
                      now);
            return Ok{};
        },
        std::move(reply));
}

}  // namespace freshet::streams
