// The mapping store: mappings and checkpoints survive a reopen; deleting a mapping deletes its
// checkpoints; read-modify-write sees the stored record.
#include "mappings/store/mapping_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "storage/db.h"

namespace freshet::mappings::store {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("freshet-mappings-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        open();
    }
    void TearDown() override {
        db_.reset();
        fs::remove_all(dir_);
    }
    void open() {
        db_.reset();
        storage::Db::Options o;
        o.path = dir_.string();
        db_ = storage::Db::open(o).value();
    }
    MappingRecord mapping(const std::string& uuid) {
        MappingRecord m;
        m.config.UUID = uuid;
        m.config.EventSourceArn = "arn:aws:kinesis:us-east-1:123456789012:stream/s";
        m.config.State = "Creating";
        m.config.BatchSize = 7;
        m.function_name = "f";
        m.start_ms = 42;
        return m;
    }
    fs::path dir_;
    std::unique_ptr<storage::Db> db_;
};

TEST_F(StoreTest, MappingsAndCheckpointsSurviveAReopen) {
    {
        MappingStore s(*db_);
        ASSERT_TRUE(s.create(mapping("a"), [](const MappingRecord&) { return std::nullopt; }).ok());
        ASSERT_TRUE(s.save_checkpoint("a", "shardId-000000000000", {"123", false}).ok());
        ASSERT_TRUE(s.save_checkpoint("a", "shardId-000000000001", {"456", true}).ok());
    }
    open();
    MappingStore s(*db_);
    auto m = s.get("a");
    ASSERT_TRUE(m);
    EXPECT_EQ(*m->config.BatchSize, 7);
    EXPECT_EQ(m->start_ms, 42);
    auto c = s.checkpoints("a");
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c["shardId-000000000000"].sequence_number, "123");
    EXPECT_TRUE(c["shardId-000000000001"].closed);
}

TEST_F(StoreTest, ConflictUpdateAndRemove) {
    MappingStore s(*db_);
    ASSERT_TRUE(s.create(mapping("a"), [](const MappingRecord&) { return std::nullopt; }).ok());
    auto clash = s.create(mapping("b"), [](const MappingRecord& e) -> std::optional<ApiError> {
        return ApiError{"ResourceConflictException", *e.config.UUID, 409};
    });
    ASSERT_FALSE(clash.ok());
    EXPECT_EQ(clash.error().message, "a");
    auto u = s.update("a", [](MappingRecord& m) {
        m.config.State = "Enabled";
        return true;
    });
    ASSERT_TRUE(u.ok() && u.value());
    EXPECT_EQ(*s.get("a")->config.State, "Enabled");
    EXPECT_FALSE(s.update("zzz", [](MappingRecord&) { return true; }).value());
    ASSERT_TRUE(s.save_checkpoint("a", "shardId-000000000000", {"1", false}).ok());
    ASSERT_TRUE(s.remove("a").ok());
    EXPECT_FALSE(s.get("a"));
    EXPECT_TRUE(s.checkpoints("a").empty());
    // A checkpoint for a deleted mapping is not kept.
    ASSERT_TRUE(s.save_checkpoint("a", "shardId-000000000000", {"2", false}).ok());
    EXPECT_TRUE(s.checkpoints("a").empty());
}

}  // namespace
}  // namespace freshet::mappings::store
