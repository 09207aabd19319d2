// Db: the one embedded RocksDB of a data directory, with a column family per concern (see
// column_family.h). Knows nothing about AWS.
//
// Reads go straight to RocksDB from any thread (get, iterate). Writes go only through the
// group committer (committer()), so that concurrent writers share one WAL sync and a write is
// acknowledged only once durable.
//
// Durability: with Options::sync (the default) an acknowledged write survives a process crash
// and a power loss. With sync = false (--durability relaxed) it survives a process crash (the
// WAL is in the OS page cache) but the last writes may be lost on power loss or OS crash.
//
// Errors: open returns InternalFailure/500 naming the path and RocksDB's reason (a second open
// of the same path fails on RocksDB's LOCK file). Read failures underneath throw ReadError.
// A full disk fails writes (see committer.h) but not reads; writes resume by themselves, within
// about 5 s, once space returns (RocksDB's own recovery, see make_db_options in db.cc).
// Thread safety: get, iterate, approximate_* and committer() are safe from any thread while
// the Db is open. close() must not race with readers: call it after they are done.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "storage/column_family.h"
#include "storage/committer.h"
#include "storage/iterator.h"
#include "storage/txn.h"

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace freshet::storage {

class Db {
  public:
    struct Options {
        std::string path;  // created (with parents) if missing
        bool sync = true;  // false: --durability relaxed
        size_t block_cache_bytes = size_t{32} << 20;
        size_t max_commit_queue = 100'000;  // pending writes before submit answers 503
        // Tests only: the RocksDB environment to run on (a fault-injecting file system).
        std::shared_ptr<rocksdb::Env> env = nullptr;
    };

    static Result<std::unique_ptr<Db>> open(const Options& options);
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    ~Db();  // close()

    // The committed value of `key`, if any.
    std::optional<std::string> get(Cf cf, std::string_view key) const;
    // Committed keys in [lower, upper) at a snapshot taken now; an empty upper means no bound.
    Iterator iterate(Cf cf, std::string lower, std::string upper) const;

    Committer& committer() { return *committer_; }

    // Estimates for stats pages: bytes on disk plus in memory, and number of keys.
    uint64_t approximate_size(Cf cf) const;
    uint64_t approximate_keys(Cf cf) const;

    // Acknowledges every queued write (Committer::stop), flushes memory to disk, stops
    // background work and closes RocksDB. Idempotent. Any use but close() afterwards is a bug.
    void close();

    const Options& options() const { return options_; }

  private:
    explicit Db(Options options);
    const detail::Engine& engine() const;

    Options options_;
    std::unique_ptr<detail::Engine> engine_;
    std::unique_ptr<Committer> committer_;
    std::mutex close_mu_;
};

}  // namespace freshet::storage
