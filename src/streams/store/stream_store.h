// Reading and writing streams' metadata and shard counters, from a handler (Db: committed data)
// or inside a write function on the commit thread (Txn: the group's pending writes too).
// A stored stream that does not decode is corruption: it throws storage::ReadError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/db.h"
#include "streams/model/stream.h"

namespace freshet::streams::store {

std::optional<Stream> load_stream(const storage::Db& db, std::string_view account,
                                  std::string_view region, std::string_view name);
std::optional<Stream> load_stream(const storage::Txn& txn, std::string_view account,
                                  std::string_view region, std::string_view name);
void save_stream(storage::Txn& txn, const Stream& s);

// The counter the shard's next record will get (0 for a new shard).
uint64_t next_counter(const storage::Db& db, uint64_t stream_id, uint32_t shard);
uint64_t next_counter(const storage::Txn& txn, uint64_t stream_id, uint32_t shard);
void set_next_counter(storage::Txn& txn, uint64_t stream_id, uint32_t shard, uint64_t next);

// A fresh stream id (starting at 1), persisted in the same write.
uint64_t allocate_stream_id(storage::Txn& txn);

// Streams of an account in a region, by name, strictly after `after` (all when empty), at
// most `limit`.
std::vector<Stream> list_streams(const storage::Db& db, std::string_view account,
                                 std::string_view region, std::string_view after, size_t limit);
// Every stream of the installation (the trimmer's walk).
std::vector<Stream> all_streams(const storage::Db& db);
// Open shards of an account in a region over all streams, and its ON_DEMAND streams (limits).
struct AccountUsage {
    int64_t open_shards = 0;
    int64_t on_demand_streams = 0;
};
AccountUsage account_usage(const storage::Txn& txn, std::string_view account,
                           std::string_view region);
AccountUsage account_usage(const storage::Db& db, std::string_view account,
                           std::string_view region);

}  // namespace freshet::streams::store
