// What SplitShard, MergeShards and UpdateShardCount share: finding an open shard with AWS's
// errors, closing a parent (its counter is frozen, so its records stay readable and
// GetRecords can tell when a reader has reached its end) and adding children.
#pragma once

#include <optional>
#include <string>

#include "streams/api/common.h"

namespace freshet::streams {

// The open shard named `id`: ResourceNotFoundException "Could not find shard X in stream Y
// under account Z." when there is none, InvalidArgumentException "... has already been merged
// or split, and thus is not eligible for merging or splitting." when it is closed.
Result<uint32_t> open_shard_for_resharding(const Stream& s, const std::string& id);

// Closes the shard at its current counter (read in the write function: no put can slip in).
void close_shard(storage::Txn& txn, Stream& s, uint32_t index, int64_t now);
// Appends a shard; returns its index.
uint32_t add_shard(Stream& s, HashRange range, std::optional<uint32_t> parent,
                   std::optional<uint32_t> adjacent_parent, int64_t now);

}  // namespace freshet::streams
