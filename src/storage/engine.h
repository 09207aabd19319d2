// Private to src/storage: what Db, Txn, Committer and Iterator share. It only forward-declares
// RocksDB types, so that no header of this module includes RocksDB (only .cc files do).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "storage/column_family.h"
#include "storage/iterator.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class WriteBatchWithIndex;
}  // namespace rocksdb

namespace freshet::storage::detail {

struct Engine {
    rocksdb::DB* db = nullptr;
    std::array<rocksdb::ColumnFamilyHandle*, kCfCount> cfs{};
    // Families found on disk that this build does not know (written by a newer Freshet):
    // RocksDB insists they be opened, and they are closed with the rest.
    std::vector<rocksdb::ColumnFamilyHandle*> unknown_cfs;
    rocksdb::ColumnFamilyHandle* cf(Cf c) const { return cfs[static_cast<size_t>(c)]; }
};

// An iterator over [lower, upper) of `cf` (an empty upper means no upper bound). Without a
// batch it reads the committed data at an implicit snapshot; with one, the batch merged over the
// committed data.
Iterator make_iterator(const Engine& engine, Cf cf, std::string lower, std::string upper,
                       rocksdb::WriteBatchWithIndex* batch);

// Throws ReadError naming the operation and RocksDB's status text.
[[noreturn]] void throw_read_error(std::string_view what, const std::string& status);

}  // namespace freshet::storage::detail
