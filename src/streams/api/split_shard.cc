// SplitShard: closes the shard and opens two children, [start, new - 1] and [new, end].
#include <fmt/format.h>

#include "streams/api/resharding.h"
#include "streams/errors.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

void split_shard(StreamsService& svc, RequestContext& ctx, m::SplitShardInput in,
                 Reply<NoOutput> reply) {
    Caller c = caller_of(ctx);
    int64_t now = now_ms(svc);
    auto name = stream_name_of(c, in);
    if (!name.ok()) return reply(std::move(name).take_error());
    change_stream(
        svc, c, std::move(name).value(),
        [c, in, now](Stream& s, storage::Txn& txn) -> Result<void> {
            FRESHET_TRY(index, open_shard_for_resharding(s, in.ShardToSplit));
            HashRange range = s.shards[index].range;
            auto key = parse_hash_key(in.NewStartingHashKey);
            if (!key || *key <= range.start || *key > range.end) {
                return errors::invalid_argument(fmt::format(
                    "NewStartingHashKey {} used in SplitShard() on shard {} in stream {} under "
                    "account {} is not both greater than one plus the shard's StartingHashKey {} "
                    "and less than the shard's EndingHashKey {}.",
                    in.NewStartingHashKey, shard_id(index), s.name, c.account,
                    to_decimal(range.start), to_decimal(range.end)));
            }
            if (store::account_usage(txn, c.account, c.region).open_shards + 1 > kShardLimit)
                return errors::limit_exceeded(fmt::format(
                    "This request would exceed the shard limit for the account {} in {}.",
                    c.account, c.region));
            close_shard(txn, s, index, now);
            add_shard(s, HashRange{range.start, *key - 1}, index, std::nullopt, now);
            add_shard(s, HashRange{*key, range.end}, index, std::nullopt, now);
            return Ok{};
        },
        std::move(reply));
}

}  // namespace freshet::streams
