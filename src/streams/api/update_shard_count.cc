// UpdateShardCount (UNIFORM_SCALING): closes every open shard and opens TargetShardCount
// shards splitting the key space evenly. Each new shard names as parent the old shard that
// held its starting hash key, and as adjacent parent the one that held its ending hash key
// when that is another (AWS reaches the same ranges through a series of splits and merges,
// so its lineage has intermediate shards; see docs/compatibility/streams.md).
#include <fmt/format.h>

#include <memory>

#include "streams/api/resharding.h"
#include "streams/errors.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

namespace {

std::optional<uint32_t> holder(const std::vector<Shard>& old, HashKey k) {
    for (const auto& sh : old)
        if (sh.range.contains(k)) return sh.index;
    return std::nullopt;
}

}  // namespace

void update_shard_count(StreamsService& svc, RequestContext& ctx, m::UpdateShardCountInput in,
                        Reply<m::UpdateShardCountOutput> reply) {
    Caller c = caller_of(ctx);
    int64_t now = now_ms(svc);
    auto current = std::make_shared<int64_t>(0);
    if (in.TargetShardCount > kShardLimit) {
        return reply(errors::limit_exceeded(
            fmt::format("This request would exceed the shard limit for the account {} in {}.",
                        c.account, c.region)));
    }
    int64_t target = in.TargetShardCount;
    auto name = stream_name_of(c, in);
    if (!name.ok()) return reply(std::move(name).take_error());
    change_stream(
        svc, c, *name,
        [c, target, now, current](Stream& s, storage::Txn& txn) -> Result<void> {
            std::vector<Shard> old;
            for (const auto& sh : s.shards)
                if (sh.open()) old.push_back(sh);
            *current = static_cast<int64_t>(old.size());
            int64_t usage = store::account_usage(txn, c.account, c.region).open_shards;
            if (usage - *current + target > kShardLimit)
                return errors::limit_exceeded(fmt::format(
                    "This request would exceed the shard limit for the account {} in {}.",
                    c.account, c.region));
            if (target == *current) return Ok{};
            for (const auto& sh : old) close_shard(txn, s, sh.index, now);
            for (const HashRange& r : split_evenly(static_cast<size_t>(target))) {
                auto parent = holder(old, r.start);
                auto adjacent = holder(old, r.end);
                if (adjacent == parent) adjacent.reset();
                add_shard(s, r, parent, adjacent, now);
            }
            return Ok{};
        },
        [reply = std::move(reply), current, target, name = *name](Result<NoOutput> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            m::UpdateShardCountOutput out;
            out.StreamName = name;
            out.CurrentShardCount = *current;
            out.TargetShardCount = target;
            reply(std::move(out));
        });
}

}  // namespace freshet::streams
