#include "storage/committer.h"

#include <rocksdb/db.h>
#include <rocksdb/utilities/write_batch_with_index.h>

#include <future>
#include <optional>

#include "storage/engine.h"

namespace freshet::storage {
namespace {

// A group is cut at either limit. Bigger groups share a sync among more writers, but every
// entry waits for the whole group to be built and written, and a huge batch is all in memory.
constexpr size_t kMaxGroupEntries = 4096;
constexpr size_t kMaxGroupBytes = 16 << 20;

ApiError unavailable(std::string message) {
    return ApiError{"ServiceUnavailable", std::move(message), 503, false, false};
}

// A full disk is temporary and the client can do nothing but wait: ServiceUnavailable/503,
// AWS's "temporary failure of the server", which every AWS SDK retries with backoff (as it
// does 500). Anything else RocksDB refuses (an I/O error) stays InternalFailure/500. Either
// way the message carries RocksDB's reason, e.g. "IO error: No space left on device: While
// appending to file: .../000012.log: No space left on device".
// RocksDB gives up on resuming after some failures (a new WAL file that cannot be created):
// then only a restart of the server, once space is freed, brings writes back.
ApiError write_error(const rocksdb::Status& status) {
    auto text = status.ToString();
    if (status.severity() >= rocksdb::Status::Severity::kFatalError) {
        text += " (the storage cannot resume by itself: restart the server once this is fixed)";
    }
    if (status.IsNoSpace() || text.find("No space left on device") != std::string::npos) {
        return unavailable(
            "Storage is out of disk space; writes are refused until space is freed: " + text);
    }
    return ApiError::internal("Storage write failed: " + text);
}

// A done callback that throws is a bug that would otherwise lose acknowledgements silently
// and kill the commit thread; noexcept turns it into an immediate, loud std::terminate.
void call_done(const Committer::DoneFn& done, Result<void> result) noexcept {
    done(std::move(result));
}

// Likewise for after-commit hooks (Txn::after_commit).
void call_hook(const std::function<void()>& hook) noexcept {
    hook();
}

// Runs one entry inside a savepoint, so that its failure undoes only its own writes.
// Its after-commit hooks are kept only if it succeeds.
Result<void> apply(const detail::Engine& engine, const Committer::WriteFn& fn,
                   rocksdb::WriteBatchWithIndex& batch, Txn::Hooks& hooks) {
    auto count_before = batch.GetWriteBatch()->Count();
    size_t hooks_before = hooks.size();
    batch.SetSavePoint();
    Result<void> result;
    try {
        Txn txn(engine, batch, &hooks);
        result = fn(txn);
    } catch (const std::exception& e) {
        result = ApiError::internal(std::string("Storage write function failed: ") + e.what());
    }
    // Rolling back rebuilds the batch's index, so skip it when the entry wrote nothing (the
    // usual case: handlers check their conditions before writing).
    if (!result.ok()) hooks.resize(hooks_before);
    if (result.ok() || batch.GetWriteBatch()->Count() == count_before) {
        batch.PopSavePoint();
    } else {
        batch.RollbackToSavePoint();
    }
    return result;
}

}  // namespace

Committer::Committer(const detail::Engine& engine, bool sync, size_t max_queue)
    : engine_(engine), sync_(sync), max_queue_(max_queue) {
    thread_ = std::thread([this] { run(); });
    commit_thread_id_ = thread_.get_id();
}

Committer::~Committer() {
    stop();
}

void Committer::submit(WriteFn fn, DoneFn done) {
    std::optional<ApiError> refused;
    {
        std::lock_guard lock(mu_);
        if (stopping_) {
            refused = unavailable("Storage is shutting down.");
        } else if (queue_.size() >= max_queue_) {
            refused = unavailable("Storage write queue is full (" + std::to_string(max_queue_) +
                                  " pending writes). Retry later.");
        } else {
            queue_.push_back(Entry{std::move(fn), std::move(done)});
        }
    }
    if (refused) return call_done(done, std::move(*refused));
    cv_.notify_one();
}

Result<void> Committer::commit_sync(WriteFn fn) {
    if (std::this_thread::get_id() == commit_thread_id_) {
        throw std::logic_error("Committer::commit_sync called on the commit thread");
    }
    std::promise<Result<void>> promise;
    auto future = promise.get_future();
    submit(std::move(fn), [&promise](Result<void> r) { promise.set_value(std::move(r)); });
    return future.get();
}

void Committer::stop() {
    if (std::this_thread::get_id() == commit_thread_id_) {
        throw std::logic_error("Committer::stop called on the commit thread");
    }
    std::lock_guard stop_lock(stop_mu_);
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

Committer::Stats Committer::stats() const {
    return Stats{groups_.load(), entries_.load(), failed_entries_.load(), failed_writes_.load(),
                 recoveries_.load()};
}

void Committer::run() {
    // overwrite_key: one index entry per key, which RocksDB requires for read-your-writes
    // iteration over batch and database.
    rocksdb::WriteBatchWithIndex batch(rocksdb::BytewiseComparator(), 0, true);
    std::vector<Entry> taken;
    for (;;) {
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [this] { return !queue_.empty() || stopping_; });
            if (queue_.empty()) return;  // stopping, and everything acknowledged
            while (!queue_.empty() && taken.size() < kMaxGroupEntries) {
                taken.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        for (size_t next = 0; next < taken.size();) next = commit_group(taken, next, batch);
        taken.clear();
    }
}

// Applies entries from `begin` until a limit, writes them as one group, acknowledges them.
// Returns the index of the first entry not in this group.
size_t Committer::commit_group(std::vector<Entry>& entries, size_t begin,
                               rocksdb::WriteBatchWithIndex& batch) {
    batch.Clear();
    std::vector<Result<void>> results;
    Txn::Hooks hooks;
    size_t end = begin;
    while (end < entries.size() && batch.GetDataSize() < kMaxGroupBytes) {
        results.push_back(apply(engine_, entries[end].fn, batch, hooks));
        ++end;
    }
    Result<void> written;
    if (batch.GetWriteBatch()->Count() > 0) written = write_group(batch);
    uint64_t failed = 0;
    for (auto& result : results) {
        if (result.ok() && !written.ok()) result = written.error();
        if (!result.ok()) ++failed;
    }
    // Counted before the callbacks, so that whoever was acknowledged sees itself counted.
    groups_.fetch_add(1);
    entries_.fetch_add(end - begin);
    failed_entries_.fetch_add(failed);
    // Hooks run once the group is durable and visible, before the acknowledgements: whoever
    // hears of an acknowledged write can count on its hook having run.
    if (written.ok()) {
        for (auto& hook : hooks) call_hook(hook);
    }
    for (size_t i = begin; i < end; ++i) {
        call_done(entries[i].done, std::move(results[i - begin]));
        entries[i] = Entry{};  // release captures now, not at the end of the round
    }
    return end;
}

// One RocksDB write for the group. After a write fails for lack of space RocksDB refuses every
// write at once (its background error) until its own recovery has resumed the database in the
// background (db.cc, make_db_options); the commit thread never calls DB::Resume(), which could
// hang (docs/reliability.md, "Disk faults"). So every group's write is simply tried: it fails
// with the reason while the database is stopped, and the first one that succeeds ends the
// episode.
Result<void> Committer::write_group(rocksdb::WriteBatchWithIndex& batch) {
    rocksdb::WriteOptions options;
    options.sync = sync_;
    auto status = engine_.db->Write(options, batch.GetWriteBatch());
    if (status.ok()) {
        if (failing_) {
            failing_ = false;
            failing_flag_.store(false);
            recoveries_.fetch_add(1);
        }
        return Ok{};
    }
    failed_writes_.fetch_add(1);
    if (!failing_) {
        failing_ = true;
        failing_flag_.store(true);
    }
    return write_error(status);
}

}  // namespace freshet::storage
