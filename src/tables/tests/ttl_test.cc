// Time to live and transaction tokens on a real Db: DynamoDB's expiry rules (Numbers of epoch
// seconds, at most five years old), the sweeper deleting exactly the expired items in chunks
// and only while TTL is enabled, and ClientRequestTokens remembered for ten minutes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "storage/db.h"
#include "storage/key_codec.h"
#include "tables/store/item_codec.h"
#include "tables/store/request_tokens.h"
#include "tables/ttl_sweeper.h"

namespace freshet::tables {
namespace {

namespace fs = std::filesystem;

constexpr double kNow = 1'700'000'000;

Item with_expiry(const std::string& pk, AttributeValue exp) {
    return Item{{"pk", AttributeValue::string(pk)}, {"exp", std::move(exp)}};
}

AttributeValue number(double v) {
    return AttributeValue::number(Decimal::of(std::to_string(static_cast<int64_t>(v))));
}

TEST(TtlExpired, FollowsDynamoDbRules) {
    EXPECT_TRUE(ttl_expired(with_expiry("a", number(kNow - 10)), "exp", kNow));
    EXPECT_TRUE(ttl_expired(with_expiry("a", number(kNow)), "exp", kNow));
    EXPECT_TRUE(ttl_expired(with_expiry("a", AttributeValue::number(Decimal::of("1699999999.5"))),
                            "exp", kNow));
    EXPECT_FALSE(ttl_expired(with_expiry("a", number(kNow + 1)), "exp", kNow));
    EXPECT_FALSE(ttl_expired(with_expiry("a", number(kNow - 10)), "other", kNow));
    EXPECT_FALSE(ttl_expired(with_expiry("a", AttributeValue::string("1")), "exp", kNow));
    EXPECT_FALSE(ttl_expired(with_expiry("a", AttributeValue::number(Decimal::of("1700000000000"))),
                             "exp", kNow));
    // More than five years in the past: ignored.
    const double five_years = 5.0 * 365 * 86400;
    EXPECT_TRUE(ttl_expired(with_expiry("a", number(kNow - five_years)), "exp", kNow));
    EXPECT_FALSE(ttl_expired(with_expiry("a", number(kNow - five_years - 1)), "exp", kNow));
}

class DbTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("freshet-ttl-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        storage::Db::Options o;
        o.path = dir_.string();
        db_ = storage::Db::open(o).value();
        table_.name = "t";
        table_.id = 9;
        table_.hash = KeyDef{"pk", Type::S};
        table_.ttl_attribute = "exp";
        table_.ttl_enabled = true;
        save_table();
    }
    void TearDown() override {
        db_.reset();
        fs::remove_all(dir_);
    }
    void save_table() {
        ASSERT_TRUE(db_->committer()
                        .commit_sync([&](storage::Txn& txn) -> Result<void> {
                            txn.put(storage::Cf::TableMeta, meta_key(table_.name),
                                    encode_meta(table_));
                            return Ok{};
                        })
                        .ok());
    }
    void put(const Item& item) {
        ASSERT_TRUE(db_->committer()
                        .commit_sync([&](storage::Txn& txn) -> Result<void> {
                            txn.put(storage::Cf::TableItems,
                                    item_key(table_, project_key(table_, item)),
                                    encode_stored_item(item));
                            return Ok{};
                        })
                        .ok());
    }
    size_t count() {
        size_t n = 0;
        std::string prefix = table_prefix(table_.id);
        auto it = db_->iterate(storage::Cf::TableItems, prefix, storage::prefix_successor(prefix));
        for (it.seek_to_first(); it.valid(); it.next()) ++n;
        return n;
    }
    fs::path dir_;
    std::unique_ptr<storage::Db> db_;
    TableMeta table_;
};

TEST_F(DbTest, SweeperDeletesExpiredItemsInChunks) {
    const size_t expired = TtlSweeper::kChunk * 2 + 7;
    for (size_t i = 0; i < expired; ++i)
        put(with_expiry("old" + std::to_string(i), number(kNow - 1)));
    put(with_expiry("future", number(kNow + 60)));
    put(with_expiry("string", AttributeValue::string("1")));
    put(Item{{"pk", AttributeValue::string("none")}});
    ManualClock clock(TimePoint(std::chrono::seconds(static_cast<int64_t>(kNow))));
    uint64_t reported = 0;
    size_t chunks = 0;
    TtlSweeper sweeper(*db_, clock, std::chrono::hours(1), [&](uint64_t id, uint64_t n) {
        EXPECT_EQ(id, table_.id);
        EXPECT_LE(n, TtlSweeper::kChunk);
        reported += n;
        ++chunks;
    });
    EXPECT_EQ(sweeper.run_once(), expired);
    EXPECT_EQ(reported, expired);
    EXPECT_EQ(chunks, 3u);
    EXPECT_EQ(count(), 3u);
    // The future item expires when the clock passes it.
    clock.advance(std::chrono::seconds(61));
    EXPECT_EQ(sweeper.run_once(), 1u);
    EXPECT_EQ(count(), 2u);
}

TEST_F(DbTest, SweeperLeavesTablesWithoutTtlAlone) {
    table_.ttl_enabled = false;
    save_table();
    put(with_expiry("old", number(kNow - 1)));
    ManualClock clock(TimePoint(std::chrono::seconds(static_cast<int64_t>(kNow))));
    TtlSweeper sweeper(*db_, clock, std::chrono::hours(1), nullptr);
    EXPECT_EQ(sweeper.run_once(), 0u);
    EXPECT_EQ(count(), 1u);
}

TEST_F(DbTest, TokensLastTenMinutes) {
    auto seen = [&](const std::string& token, const std::string& digest, double now) {
        Result<bool> out = false;
        EXPECT_TRUE(db_->committer()
                        .commit_sync([&](storage::Txn& txn) -> Result<void> {
                            out = token_seen(txn, token, digest, now);
                            return Ok{};
                        })
                        .ok());
        return out;
    };
    auto remember = [&](const std::string& token, const std::string& digest, double now) {
        ASSERT_TRUE(db_->committer()
                        .commit_sync([&](storage::Txn& txn) -> Result<void> {
                            remember_token(txn, token, digest, now);
                            return Ok{};
                        })
                        .ok());
    };
    EXPECT_FALSE(seen("a", "d1", kNow).value());
    remember("a", "d1", kNow);
    EXPECT_TRUE(seen("a", "d1", kNow + 599).value());
    auto mismatch = seen("a", "d2", kNow + 1);
    ASSERT_FALSE(mismatch.ok());
    EXPECT_TRUE(mismatch.error().code.ends_with("#IdempotentParameterMismatchException"));
    EXPECT_FALSE(seen("a", "d2", kNow + 600).value());
    // A later transaction removes the expired token's records.
    remember("b", "d3", kNow + 700);
    EXPECT_FALSE(
        db_->get(storage::Cf::TableMeta, storage::KeyBuilder().string("txtoken").string("a").str())
            .has_value());
    EXPECT_TRUE(seen("b", "d3", kNow + 701).value());
}

}  // namespace
}  // namespace freshet::tables
