// Group commit: read-your-writes inside a group, per-entry rollback, concurrency, shutdown.
#include "storage/committer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <iostream>

#include "storage/db.h"
#include "storage/tests/test_util.h"

namespace freshet::storage {
namespace {

using namespace std::chrono_literals;
using testing::open_db;
using testing::TempDir;

// Holds the commit thread inside a write function until released, so that everything
// submitted meanwhile is queued and then committed as one group.
class Gate {
  public:
    explicit Gate(Committer& committer) {
        committer.submit(
            [this](Txn&) -> Result<void> {
                started_.set_value();
                released_.wait();
                return Ok{};
            },
            [](Result<void>) {});
        started_.get_future().wait();
    }
    // A failed assertion must not leave the commit thread blocked (close() would hang).
    ~Gate() { release(); }
    void release() {
        if (!released_flag_) release_.set_value();
        released_flag_ = true;
    }

  private:
    bool released_flag_ = false;
    std::promise<void> started_;
    std::promise<void> release_;
    std::shared_future<void> released_ = release_.get_future().share();
};

// Collects acknowledgements from the commit thread and waits for them with a deadline.
class Acks {
  public:
    Committer::DoneFn slot(size_t i) {
        std::lock_guard lock(mu_);
        if (results_.size() <= i) results_.resize(i + 1);
        ++expected_;
        return [this, i](Result<void> r) {
            std::lock_guard lock(mu_);
            results_[i] = std::move(r);
            if (++received_ == expected_) cv_.notify_all();
        };
    }
    bool wait(std::chrono::seconds deadline = 60s) {
        std::unique_lock lock(mu_);
        return cv_.wait_for(lock, deadline, [this] { return received_ == expected_; });
    }
    const std::optional<Result<void>>& operator[](size_t i) const { return results_[i]; }

  private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::optional<Result<void>>> results_;
    size_t expected_ = 0;
    size_t received_ = 0;
};

Committer::WriteFn put(Cf cf, std::string key, std::string value) {
    return [=](Txn& txn) -> Result<void> {
        txn.put(cf, key, value);
        return Ok{};
    };
}

TEST(StorageCommitter, ReadYourWritesInOneGroupAndRollbackOfOnlyTheFailedEntry) {
    TempDir dir;
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    auto& committer = db->committer();
    Gate gate(committer);
    auto groups_before = committer.stats().groups;
    Acks acks;
    committer.submit(put(Cf::TableItems, "x", "1"), acks.slot(0));
    std::optional<std::string> seen_by_db;
    committer.submit(
        [&](Txn& txn) -> Result<void> {
            seen_by_db = db->get(Cf::TableItems, "x");  // not durable yet: invisible
            auto x = txn.get(Cf::TableItems, "x");
            if (!x) return ApiError{"Test", "x missing"};
            txn.put(Cf::TableItems, "y", *x + "!");
            return Ok{};
        },
        acks.slot(1));
    committer.submit(
        [](Txn& txn) -> Result<void> {
            txn.put(Cf::TableItems, "z", "rolled back");
            txn.del(Cf::TableItems, "x");
            return ApiError{"ConditionalCheckFailedException", "The conditional request failed"};
        },
        acks.slot(2));
    std::vector<std::string> keys_seen;
    committer.submit(
        [&](Txn& txn) -> Result<void> {
            auto it = txn.iterate(Cf::TableItems, "", "");
            for (it.seek_to_first(); it.valid(); it.next()) keys_seen.emplace_back(it.key());
            return Ok{};
        },
        acks.slot(3));
    gate.release();
    ASSERT_TRUE(acks.wait());
    EXPECT_TRUE(acks[0]->ok());
    EXPECT_TRUE(acks[1]->ok()) << acks[1]->error().message;
    ASSERT_FALSE(acks[2]->ok());
    EXPECT_EQ(acks[2]->error().code, "ConditionalCheckFailedException");
    EXPECT_TRUE(acks[3]->ok());
    EXPECT_EQ(seen_by_db, std::nullopt);
    EXPECT_EQ(keys_seen, (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(db->get(Cf::TableItems, "x"), "1");
    EXPECT_EQ(db->get(Cf::TableItems, "y"), "1!");
    EXPECT_EQ(db->get(Cf::TableItems, "z"), std::nullopt);
    EXPECT_EQ(committer.stats().groups, groups_before + 2);  // the gate's group, then ours
}

TEST(StorageCommitter, TxnIteratorMergesBatchOverCommittedData) {
    TempDir dir;
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    for (auto k : {"a", "b", "c"}) testing::put_sync(*db, Cf::Stacks, k, "old");
    std::vector<std::pair<std::string, std::string>> rows;
    auto r = db->committer().commit_sync([&](Txn& txn) -> Result<void> {
        txn.del(Cf::Stacks, "b");
        txn.put(Cf::Stacks, "bb", "new");
        txn.put(Cf::Stacks, "c", "new");
        txn.put(Cf::Stacks, "d", "outside");
        auto it = txn.iterate(Cf::Stacks, "a", "d");
        for (it.seek_to_first(); it.valid(); it.next()) rows.emplace_back(it.key(), it.value());
        return Ok{};
    });
    ASSERT_TRUE(r.ok());
    using Rows = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(rows, (Rows{{"a", "old"}, {"bb", "new"}, {"c", "new"}}));
}

TEST(StorageCommitter, ThrowingWriteFunctionFailsOnlyItsEntry) {
    TempDir dir;
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    auto r = db->committer().commit_sync([](Txn& txn) -> Result<void> {
        txn.put(Cf::System, "k", "v");
        throw std::runtime_error("boom");
    });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "InternalFailure");
    EXPECT_NE(r.error().message.find("boom"), std::string::npos);
    EXPECT_EQ(db->get(Cf::System, "k"), std::nullopt);
    // The commit thread survived.
    EXPECT_TRUE(db->committer().commit_sync(put(Cf::System, "k", "v")).ok());
    EXPECT_EQ(db->get(Cf::System, "k"), "v");
}

TEST(StorageCommitter, CommitSyncReturnsTheWriteFunctionsResult) {
    TempDir dir;
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    auto& committer = db->committer();
    EXPECT_TRUE(committer.commit_sync(put(Cf::Functions, "f", "1")).ok());
    auto failed = committer.commit_sync([](Txn&) -> Result<void> {
        return ApiError{"ResourceConflictException", "exists", 409};
    });
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().status, 409);
    // Waiting for oneself on the commit thread would deadlock: it is refused as a bug.
    auto nested = committer.commit_sync(
        [&](Txn&) -> Result<void> { return committer.commit_sync(put(Cf::Functions, "g", "1")); });
    ASSERT_FALSE(nested.ok());
    EXPECT_NE(nested.error().message.find("commit thread"), std::string::npos);
}

TEST(StorageCommitter, ConcurrentSubmittersAreAllAcknowledgedAndShareGroups) {
    TempDir dir;
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    constexpr int kThreads = 8;
    constexpr int kWrites = 2000;
    auto& committer = db->committer();
    auto before = committer.stats();
    Acks acks;
    std::vector<Committer::DoneFn> slots;
    for (int i = 0; i < kThreads * kWrites; ++i) slots.push_back(acks.slot(i));
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int n = 0; n < kWrites; ++n) {
                auto key = "k" + std::to_string(t) + "-" + std::to_string(n);
                committer.submit(put(Cf::StreamRecords, key, std::string(200, 'v') + key),
                                 std::move(slots[t * kWrites + n]));
            }
        });
    }
    for (auto& th : threads) th.join();
    ASSERT_TRUE(acks.wait());
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (int i = 0; i < kThreads * kWrites; ++i) ASSERT_TRUE(acks[i]->ok()) << i;
    for (int t = 0; t < kThreads; ++t) {
        for (int n = 0; n < kWrites; ++n) {
            auto key = "k" + std::to_string(t) + "-" + std::to_string(n);
            ASSERT_EQ(db->get(Cf::StreamRecords, key), std::string(200, 'v') + key);
        }
    }
    auto after = committer.stats();
    Committer::Stats delta{after.groups - before.groups, after.entries - before.entries,
                           after.failed_entries - before.failed_entries};
    EXPECT_EQ(delta.entries, uint64_t{kThreads * kWrites});
    EXPECT_EQ(delta.failed_entries, 0u);
    // A figure, not a speed assertion: > 1 only says that writers did share syncs.
    EXPECT_GT(delta.average_group_size(), 1.0);
    std::cout << "[ figures  ] " << kThreads << " writers x " << kWrites
              << " synced writes: " << delta.groups << " groups, average group size "
              << delta.average_group_size() << ", " << static_cast<int>(delta.entries / seconds)
              << " writes/s\n";
}

// The server's usual pattern: each client waits for its acknowledgement before the next
// write, so at most one write per writer is in flight. Figures only: how much a group can hold
// depends on how long the disk takes to sync.
TEST(StorageCommitter, ClosedLoopWritersFigures) {
    TempDir dir;
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    constexpr int kThreads = 8;
    constexpr int kWrites = 250;
    auto& committer = db->committer();
    auto before = committer.stats();
    auto start = std::chrono::steady_clock::now();
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int n = 0; n < kWrites; ++n) {
                auto key = "c" + std::to_string(t) + "-" + std::to_string(n);
                if (!committer.commit_sync(put(Cf::StreamRecords, key, std::string(200, 'v')))) {
                    ++failures;
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(failures.load(), 0);
    auto after = committer.stats();
    Committer::Stats delta{after.groups - before.groups, after.entries - before.entries, 0};
    EXPECT_EQ(delta.entries, uint64_t{kThreads * kWrites});
    std::cout << "[ figures  ] " << kThreads << " closed-loop writers x " << kWrites
              << " synced writes: " << delta.groups << " groups, average group size "
              << delta.average_group_size() << ", " << static_cast<int>(delta.entries / seconds)
              << " writes/s\n";
}

TEST(StorageCommitter, StopAcknowledgesEverythingQueuedThenRefuses) {
    TempDir dir;
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    auto& committer = db->committer();
    Gate gate(committer);
    Acks acks;
    for (int i = 0; i < 100; ++i) {
        committer.submit(put(Cf::Mappings, "m" + std::to_string(i), "v"), acks.slot(i));
    }
    auto stopped = std::async(std::launch::async, [&] { committer.stop(); });
    // stop() must wait for the queue; the refusal proves it has begun.
    std::optional<Result<void>> refused;
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (!refused && std::chrono::steady_clock::now() < deadline) {
        committer.submit(put(Cf::Mappings, "late", "v"), [&](Result<void> r) {
            if (!r.ok()) refused = std::move(r);
        });
        if (!refused) std::this_thread::sleep_for(1ms);
    }
    gate.release();
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->error().code, "ServiceUnavailable");
    EXPECT_EQ(refused->error().status, 503);
    stopped.get();
    ASSERT_TRUE(acks.wait(0s));  // all acknowledged by the time stop() returned
    for (int i = 0; i < 100; ++i) EXPECT_TRUE(acks[i]->ok());
    EXPECT_EQ(db->get(Cf::Mappings, "m99"), "v");
    committer.stop();  // idempotent
}

TEST(StorageCommitter, FullQueueAnswersServiceUnavailableAtOnce) {
    TempDir dir;
    auto opened = Db::open(Db::Options{.path = dir.path(), .max_commit_queue = 3});
    ASSERT_TRUE(opened.ok());
    auto& committer = opened.value()->committer();
    Gate gate(committer);
    Acks acks;
    for (int i = 0; i < 4; ++i) committer.submit(put(Cf::Objects, "o", "v"), acks.slot(i));
    ASSERT_TRUE(acks[3].has_value());  // answered on this thread, before the gate opens
    EXPECT_EQ(acks[3]->error().code, "ServiceUnavailable");
    gate.release();
    ASSERT_TRUE(acks.wait());
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(acks[i]->ok());
}

}  // namespace
}  // namespace freshet::storage
