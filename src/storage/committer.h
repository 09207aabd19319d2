// Committer: group commit. Every durable write of the server goes through here.
//
// One dedicated commit thread takes the pending entries in submission order, runs each write
// function against one shared batch (see txn.h), then writes the whole group with ONE RocksDB
// write (one WAL sync when the database is opened with sync = true), and only then calls each
// entry's done callback. So concurrent writers share a sync, an acknowledged write is durable,
// and nothing unacknowledged is ever visible to readers.
//
// Errors delivered to done:
//   - the write function's own error (its writes are rolled back, the group goes on);
//   - ServiceUnavailable/503 naming the cause when the group's write fails because the disk is
//     full, InternalFailure/500 naming it for any other write failure (I/O error). RocksDB
//     then refuses every write at once (a "background error") while reads go on, and resumes
//     by itself once there is free space again (see Db); the commit thread keeps trying each
//     group's write, and the first one that succeeds ends the episode. Nothing is acknowledged
//     unless its group's write succeeded, so a refused write is never half acknowledged;
//   - InternalFailure/500 if the write function throws (a bug; its writes are rolled back);
//   - ServiceUnavailable/503 at once, on the submitting thread, when the queue is full or the
//     committer is stopped.
//
// Thread safety: submit, commit_sync, stats and stop may be called from any thread, except that
// commit_sync and stop must not be called on the commit thread (from a write function or a done
// callback): they would wait for themselves, and throw std::logic_error instead. Write
// functions and done callbacks run on the commit thread, one at a time: keep them short and
// never block in them (a done callback typically posts the reply to the I/O threads). A done
// callback must not throw; it may submit further writes.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.h"
#include "storage/txn.h"

namespace freshet::storage {

class Db;

class Committer {
  public:
    using WriteFn = std::function<Result<void>(Txn&)>;
    using DoneFn = std::function<void(Result<void>)>;

    // Counters for stats and benchmarks; monotonic since open.
    struct Stats {
        uint64_t groups = 0;          // groups processed (at most one RocksDB write each)
        uint64_t entries = 0;         // entries acknowledged through those groups
        uint64_t failed_entries = 0;  // of which acknowledged with an error
        uint64_t failed_writes = 0;   // group writes refused by RocksDB (disk full, I/O error)
        uint64_t recoveries = 0;      // times writes succeeded again after such failures
        double average_group_size() const {
            return groups == 0 ? 0.0 : static_cast<double>(entries) / static_cast<double>(groups);
        }
    };

    Committer(const Committer&) = delete;
    Committer& operator=(const Committer&) = delete;
    ~Committer();  // stop()

    // Queues a write. Never blocks on I/O. `done` is called exactly once.
    void submit(WriteFn fn, DoneFn done);
    // Submits and waits for the acknowledgement: for start-up, tools and tests.
    Result<void> commit_sync(WriteFn fn);
    // Stops accepting writes, commits and acknowledges everything already queued, then joins
    // the commit thread. Idempotent.
    void stop();

    Stats stats() const;
    // True from a failed group write until the next successful one.
    bool writes_failing() const { return failing_flag_.load(); }

  private:
    friend class Db;
    struct Entry {
        WriteFn fn;
        DoneFn done;
    };

    Committer(const detail::Engine& engine, bool sync, size_t max_queue);
    void run();
    size_t commit_group(std::vector<Entry>& entries, size_t begin,
                        rocksdb::WriteBatchWithIndex& batch);
    Result<void> write_group(rocksdb::WriteBatchWithIndex& batch);

    const detail::Engine& engine_;
    const bool sync_;
    const size_t max_queue_;

    // Commit thread only: whether the last group write failed.
    bool failing_ = false;
    std::atomic<bool> failing_flag_{false};

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Entry> queue_;
    bool stopping_ = false;

    std::mutex stop_mu_;
    std::thread thread_;
    std::thread::id commit_thread_id_;

    std::atomic<uint64_t> groups_{0};
    std::atomic<uint64_t> entries_{0};
    std::atomic<uint64_t> failed_entries_{0};
    std::atomic<uint64_t> failed_writes_{0};
    std::atomic<uint64_t> recoveries_{0};
};

}  // namespace freshet::storage
