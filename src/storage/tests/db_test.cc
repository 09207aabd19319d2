// Db: open, column families, reads, iterators, reopen, locking.
#include "storage/db.h"

#include <gtest/gtest.h>

#include <fstream>

#include "storage/key_codec.h"
#include "storage/tests/test_util.h"

namespace freshet::storage {
namespace {

using testing::open_db;
using testing::put_sync;
using testing::TempDir;

std::vector<std::pair<std::string, std::string>> scan(Iterator it) {
    std::vector<std::pair<std::string, std::string>> out;
    for (it.seek_to_first(); it.valid(); it.next()) out.emplace_back(it.key(), it.value());
    return out;
}

TEST(StorageDb, ColumnFamiliesHaveStableNames) {
    EXPECT_EQ(cf_name(Cf::Default), "default");
    EXPECT_EQ(cf_name(Cf::StreamRecords), "stream_records");
    EXPECT_EQ(cf_name(Cf::Objects), "objects");
    for (size_t i = 0; i < kCfCount; ++i) {
        EXPECT_EQ(cf_from_name(cf_name(static_cast<Cf>(i))), static_cast<Cf>(i));
    }
    EXPECT_EQ(cf_from_name("nope"), std::nullopt);
}

TEST(StorageDb, PutGetDeleteIterateInEveryColumnFamily) {
    TempDir dir;
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    for (size_t i = 0; i < kCfCount; ++i) {
        auto cf = static_cast<Cf>(i);
        std::string tag(cf_name(cf));
        for (auto key : {"a", "b", "c"}) put_sync(*db, cf, key, tag + key);
    }
    for (size_t i = 0; i < kCfCount; ++i) {
        auto cf = static_cast<Cf>(i);
        std::string tag(cf_name(cf));
        EXPECT_EQ(db->get(cf, "b"), tag + "b");  // each family holds its own value
        EXPECT_EQ(db->get(cf, "z"), std::nullopt);
        auto r = db->committer().commit_sync([cf](Txn& txn) -> Result<void> {
            txn.del(cf, "b");
            return Ok{};
        });
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(db->get(cf, "b"), std::nullopt);
        using Rows = std::vector<std::pair<std::string, std::string>>;
        EXPECT_EQ(scan(db->iterate(cf, "", "")), (Rows{{"a", tag + "a"}, {"c", tag + "c"}}));
        EXPECT_EQ(scan(db->iterate(cf, "b", "c")), Rows{});
    }
}

TEST(StorageDb, IteratorRespectsBoundsInBothDirections) {
    TempDir dir;
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    for (auto key : {"a", "b", "c", "d", "e"}) put_sync(*db, Cf::TableItems, key, key);
    auto it = db->iterate(Cf::TableItems, "b", "e");
    it.seek("a");  // below lower: clamped
    ASSERT_TRUE(it.valid());
    EXPECT_EQ(it.key(), "b");
    it.seek_to_last();
    ASSERT_TRUE(it.valid());
    EXPECT_EQ(it.key(), "d");
    it.next();
    EXPECT_FALSE(it.valid());  // "e" is the exclusive upper bound
    it.seek_for_prev("z");
    ASSERT_TRUE(it.valid());
    EXPECT_EQ(it.key(), "d");
    it.seek_for_prev("c");
    ASSERT_TRUE(it.valid());
    EXPECT_EQ(it.key(), "c");
    it.prev();
    ASSERT_TRUE(it.valid());
    EXPECT_EQ(it.key(), "b");
    it.prev();
    EXPECT_FALSE(it.valid());
}

TEST(StorageDb, PrefixScanWithKeyCodec) {
    TempDir dir;
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    for (auto name : {"s", "s2", "t"}) {
        for (int64_t n : {-5, 0, 7}) {
            put_sync(*db, Cf::StreamRecords, KeyBuilder().string(name).i64(n).str(), name);
        }
    }
    auto prefix = KeyBuilder().string("s").str();
    auto rows = scan(db->iterate(Cf::StreamRecords, prefix, prefix_successor(prefix)));
    ASSERT_EQ(rows.size(), 3u);  // "s2" is not inside the prefix of "s"
    std::vector<int64_t> seen;
    for (auto& [key, value] : rows) {
        KeyReader r(key);
        std::string name;
        int64_t n;
        ASSERT_TRUE(r.string(name) && r.i64(n) && r.done());
        EXPECT_EQ(name, "s");
        seen.push_back(n);
    }
    EXPECT_EQ(seen, (std::vector<int64_t>{-5, 0, 7}));
}

TEST(StorageDb, IteratorReadsFromASnapshot) {
    TempDir dir;
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    put_sync(*db, Cf::Logs, "a", "1");
    auto it = db->iterate(Cf::Logs, "", "");
    put_sync(*db, Cf::Logs, "b", "2");
    put_sync(*db, Cf::Logs, "a", "changed");
    auto rows = scan(std::move(it));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].second, "1");
}

TEST(StorageDb, ReopenKeepsData) {
    TempDir dir;
    {
        auto db = open_db(dir.path());
        ASSERT_TRUE(db);
        put_sync(*db, Cf::Iam, "user", "alice");
        db->close();
        db->close();  // idempotent
    }
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    EXPECT_EQ(db->get(Cf::Iam, "user"), "alice");
    EXPECT_GT(db->approximate_size(Cf::Iam), 0u);
}

TEST(StorageDb, SecondOpenOfTheSamePathFailsClearly) {
    TempDir dir;
    auto first = open_db(dir.path());
    ASSERT_TRUE(first);
    auto second = Db::open(Db::Options{.path = dir.path()});
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, "InternalFailure");
    EXPECT_EQ(second.error().status, 500);
    EXPECT_NE(second.error().message.find(dir.path()), std::string::npos) << second.error().message;
    EXPECT_NE(second.error().message.find("LOCK"), std::string::npos) << second.error().message;
}

TEST(StorageDb, OpenOnAFileFailsWithTheReason) {
    TempDir dir;
    auto file = dir.sub("not-a-dir");
    std::ofstream(file) << "x";
    auto db = Db::open(Db::Options{.path = file + "/db"});
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error().status, 500);
    EXPECT_NE(db.error().message.find(file), std::string::npos) << db.error().message;
}

TEST(StorageDb, UseAfterCloseIsABug) {
    TempDir dir;
    auto db = open_db(dir.path());
    ASSERT_TRUE(db);
    db->close();
    EXPECT_THROW((void)db->get(Cf::System, "k"), std::logic_error);
}

}  // namespace
}  // namespace freshet::storage
