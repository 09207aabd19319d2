// The function store's records and keys: old records (before versions) still decode, a
// function's versions, aliases and policies go with it, and reserved concurrency counts.
#include "functions/store/function_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "functions/concurrency.h"
#include "storage/db.h"
#include "storage/txn.h"

namespace freshet::functions {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("freshet-fnstore-" + std::to_string(::getpid()));
        fs::remove_all(root_);
        storage::Db::Options o;
        o.path = root_.string();
        db_ = storage::Db::open(o).value();
        store_ = std::make_unique<store::FunctionStore>(*db_);
    }
    void TearDown() override {
        store_.reset();
        db_->close();
        fs::remove_all(root_);
    }
    fs::path root_;
    std::unique_ptr<storage::Db> db_;
    std::unique_ptr<store::FunctionStore> store_;
};

TEST_F(StoreTest, RecordsWrittenBeforeVersionsDecode) {
    // The JSON an earlier Freshet wrote: no version, internal revision, tags or concurrency.
    std::string old = R"({"name":"f","runtime":"nodejs20.x","role":"r","handler":"h",
        "description":"","timeout":3,"memory_size":128,"environment":{},"code_sha256":"x",
        "code_size":1,"last_modified":"t","revision_id":"rev"})";
    ASSERT_TRUE(db_->committer()
                    .commit_sync([&](storage::Txn& txn) -> Result<void> {
                        txn.put(storage::Cf::Functions, "fn/f", old);
                        return Ok{};
                    })
                    .ok());
    auto f = store_->get("f");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->version, "$LATEST");
    EXPECT_EQ(f->internal_revision, "rev");
    EXPECT_EQ(f->next_version, 1);
    EXPECT_TRUE(f->tags.empty());
    EXPECT_FALSE(f->reserved_concurrency);
}

TEST_F(StoreTest, RemoveTakesVersionsAliasesAndPoliciesButNotNeighbours) {
    for (std::string name : {"f", "f-2"}) {
        store::FunctionRecord f;
        f.name = name;
        f.reserved_concurrency = 5;
        f.tags = {{"k", "v"}};
        ASSERT_TRUE(
            store_
                ->transact([&](store::FunctionStore::Tx& tx) -> Result<void> {
                    tx.put_function(f);
                    for (int n = 1; n <= 12; ++n) {
                        f.version = std::to_string(n);
                        tx.put_version(f);
                    }
                    tx.put_alias(name, store::AliasRecord{"live", "3", "", {{"4", 0.25}}, "r"});
                    tx.put_policy(name, "live", "{}");
                    return Ok{};
                })
                .ok());
    }
    auto versions = store_->versions("f", 9, 10);
    ASSERT_EQ(versions.size(), 3u);  // 10, 11, 12 in numeric order
    EXPECT_EQ(versions[0].version, "10");
    EXPECT_EQ(store_->get("f")->reserved_concurrency, 5);
    EXPECT_EQ(store_->alias("f", "live")->additional_version_weights.at("4"), 0.25);
    ASSERT_TRUE(store_->remove("f").ok());
    EXPECT_FALSE(store_->get("f"));
    EXPECT_TRUE(store_->versions("f", 0, 100).empty());
    EXPECT_TRUE(store_->aliases("f").empty());
    EXPECT_FALSE(store_->policy("f", "live"));
    EXPECT_EQ(store_->versions("f-2", 0, 100).size(), 12u);
    EXPECT_TRUE(store_->alias("f-2", "live"));
}

TEST(ConcurrencyTest, ReservedSlotsAreCountedPerFunction) {
    Concurrency c;
    EXPECT_FALSE(c.try_acquire("f", 0));
    EXPECT_TRUE(c.try_acquire("f", 2));
    EXPECT_TRUE(c.try_acquire("f", 2));
    EXPECT_FALSE(c.try_acquire("f", 2));
    EXPECT_TRUE(c.try_acquire("g", 1));             // another function has its own slots
    EXPECT_TRUE(c.try_acquire("f", std::nullopt));  // no reservation: not limited
    EXPECT_EQ(c.in_flight("f"), 3);
    c.release("f");
    c.release("f");
    EXPECT_TRUE(c.try_acquire("f", 2));
}

}  // namespace
}  // namespace freshet::functions
