// Txn: what a write function sees while it runs on the commit thread (see committer.h).
//
// Reads see the committed data plus every write made earlier in the same group, including this
// entry's own (read-your-writes). Writes are buffered in the group's batch; they become durable
// and visible to Db readers together with the rest of the group, or not at all. If the write
// function returns an error, everything it wrote is rolled back and the other entries of the
// group are unaffected.
//
// Because only the commit thread writes, a read-check-write inside one write function is
// atomic: nothing can commit between the read and the write (that is how conditional writes
// are built on top).
//
// Errors: read failures underneath throw ReadError (see iterator.h).
// Thread safety: a Txn belongs to the commit thread and lives only during one write function;
// do not keep it, or iterators made from it, past the function's return.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/column_family.h"
#include "storage/iterator.h"

namespace rocksdb {
class WriteBatchWithIndex;
}  // namespace rocksdb

namespace freshet::storage {

namespace detail {
struct Engine;
}  // namespace detail

class Txn {
  public:
    using Hooks = std::vector<std::function<void()>>;
    Txn(const detail::Engine& engine, rocksdb::WriteBatchWithIndex& batch, Hooks* hooks = nullptr)
        : engine_(engine), batch_(batch), hooks_(hooks) {}
    Txn(const Txn&) = delete;
    Txn& operator=(const Txn&) = delete;

    std::optional<std::string> get(Cf cf, std::string_view key) const;
    void put(Cf cf, std::string_view key, std::string_view value);
    void del(Cf cf, std::string_view key);

    // An iterator over [lower, upper) of committed data merged with this group's writes (an
    // empty upper means no bound). A put or del through this Txn invalidates the position of
    // open iterators (RocksDB's rule for batch iterators): seek again after writing.
    Iterator iterate(Cf cf, std::string lower, std::string upper) const;

    // Runs `fn` on the commit thread once the group holding this write is durable and visible
    // to readers, before the done callbacks; never when this write function fails or the
    // group's write does.
    // For cheap wake-ups of in-process readers (table stream consumers): short, no throw.
    void after_commit(std::function<void()> fn) {
        if (hooks_) hooks_->push_back(std::move(fn));
    }

  private:
    const detail::Engine& engine_;
    rocksdb::WriteBatchWithIndex& batch_;
    Hooks* hooks_;
};

}  // namespace freshet::storage
