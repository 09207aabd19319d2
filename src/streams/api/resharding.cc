#include "streams/api/resharding.h"

#include <fmt/format.h>

#include "streams/errors.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

Result<uint32_t> open_shard_for_resharding(const Stream& s, const std::string& id) {
    auto index = parse_shard_id(id);
    const Shard* sh = index ? s.find_shard(*index) : nullptr;
    if (!sh) {
        return ApiError{"ResourceNotFoundException",
                        fmt::format("Could not find shard {} in stream {} under account {}.", id,
                                    s.name, s.account)};
    }
    if (!sh->open()) {
        return errors::invalid_argument(
            fmt::format("Shard {} in stream {} under account {} has already been merged or split, "
                        "and thus is not eligible for merging or splitting.",
                        shard_id(sh->index), s.name, s.account));
    }
    return sh->index;
}

void close_shard(storage::Txn& txn, Stream& s, uint32_t index, int64_t now) {
    Shard* sh = s.find_shard(index);
    sh->closed_counter = store::next_counter(txn, s.id, index);
    sh->closed_ms = now;
}

uint32_t add_shard(Stream& s, HashRange range, std::optional<uint32_t> parent,
                   std::optional<uint32_t> adjacent_parent, int64_t now) {
    Shard sh;
    sh.index = static_cast<uint32_t>(s.shards.size());
    sh.parent = parent;
    sh.adjacent_parent = adjacent_parent;
    sh.range = range;
    sh.created_ms = now;
    s.shards.push_back(sh);
    return sh.index;
}

}  // namespace freshet::streams
