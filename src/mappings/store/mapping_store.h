// Event source mappings and their checkpoints, durable in the Mappings column family:
//   "esm/<uuid>"           the mapping: its configuration as Lambda shows it, plus what the
//                          engine needs (JSON)
//   "ckpt/<uuid>/<shard>"  the last sequence number processed on that shard, and whether the
//                          shard is finished (closed and read to its end)
// Keys are persisted: append only, never rename.
//
// Thread-safety: every method from any thread; writes go through the group committer and
// block until durable.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "mappings/lambda.gen.h"

namespace freshet::storage {
class Db;
}

namespace freshet::mappings::store {

struct MappingRecord {
    model::EventSourceMappingConfiguration config;  // UUID, State, ... as the API answers
    std::string function_name;
    bool enabled = true;  // what the user asked for (State follows it)
    // Where shards without a checkpoint start: for LATEST, the creation time, so that a
    // restart before the first record does not skip records put in between.
    int64_t start_ms = 0;
};

struct Checkpoint {
    std::string sequence_number;  // empty: nothing processed yet
    bool closed = false;          // the shard is closed and every record was processed
    // Tumbling windows: the open window's start (-1: none) and the function's state in it.
    int64_t window_start_ms = -1;
    std::string window_state = "{}";
};

class MappingStore {
  public:
    explicit MappingStore(storage::Db& db) : db_(db) {}

    std::optional<MappingRecord> get(const std::string& uuid) const;
    std::vector<MappingRecord> list() const;
    // Stores a new mapping unless `conflict` finds a clash with an existing one.
    Result<void> create(
        const MappingRecord& m,
        const std::function<std::optional<ApiError>(const MappingRecord&)>& conflict);
    // Read-modify-write of one mapping; `change` returns false to leave it as it is. The
    // result is the mapping as stored afterwards (nullopt: there is no such mapping).
    Result<std::optional<MappingRecord>> update(const std::string& uuid,
                                                const std::function<bool(MappingRecord&)>& change);
    // Removes the mapping and its checkpoints.
    Result<void> remove(const std::string& uuid);

    std::map<std::string, Checkpoint> checkpoints(const std::string& uuid) const;
    Result<void> save_checkpoint(const std::string& uuid, const std::string& shard_id,
                                 const Checkpoint& c);

  private:
    Result<void> put(const MappingRecord& m);

    storage::Db& db_;
    std::mutex write_mu_;  // serialises read-modify-write of mappings
};

}  // namespace freshet::mappings::store
