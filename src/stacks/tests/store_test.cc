// The stack store: stacks, names, events, change sets and exports survive a reopen; a deleted
// stack frees its name and its exports; an export name belongs to one stack.
#include "stacks/store/stack_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "storage/db.h"

namespace freshet::stacks {
namespace {

namespace fs = std::filesystem;

class StackStoreTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("freshet-stacks-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        open();
    }
    void TearDown() override {
        store_.reset();
        db_.reset();
        fs::remove_all(dir_);
    }
    void open() {
        store_.reset();
        db_.reset();
        storage::Db::Options o;
        o.path = dir_.string();
        db_ = storage::Db::open(o).value();
        store_ = std::make_unique<StackStore>(*db_);
    }
    static StackRecord stack(const std::string& name, const std::string& id) {
        StackRecord s;
        s.name = name;
        s.id = id;
        s.status = "CREATE_IN_PROGRESS";
        s.parameters = {{"P", "v"}};
        s.no_echo = {"P"};
        ResourceRecord r;
        r.logical_id = "A";
        r.type = "AWS::Kinesis::Stream";
        r.status = "CREATE_COMPLETE";
        r.state.physical_id = "s-A-1";
        r.state.attributes["Arn"] = "arn:aws:kinesis:us-east-1:1:stream/s-A-1";
        r.created = true;
        s.resources["A"] = r;
        return s;
    }
    fs::path dir_;
    std::unique_ptr<storage::Db> db_;
    std::unique_ptr<StackStore> store_;
};

TEST_F(StackStoreTest, AStackSurvivesAReopenWithItsResourcesAndEvents) {
    StackRecord s = stack("one", "arn:1");
    ASSERT_TRUE(store_->put(s, true).ok());
    ASSERT_TRUE(store_
                    ->add_event(s, {"e1", "one", "arn:1", "AWS::CloudFormation::Stack",
                                    "CREATE_IN_PROGRESS", "User Initiated", "", 1})
                    .ok());
    ASSERT_TRUE(store_
                    ->add_event(s, {"e2", "A", "s-A-1", "AWS::Kinesis::Stream", "CREATE_COMPLETE",
                                    "", "", 2})
                    .ok());
    ASSERT_TRUE(store_->put(s).ok());
    open();
    auto got = store_->find("one");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->id, "arn:1");
    EXPECT_EQ(got->parameters.at("P"), "v");
    EXPECT_EQ(got->no_echo.count("P"), 1u);
    EXPECT_EQ(got->resources.at("A").state.attributes.at("Arn").as_string(),
              "arn:aws:kinesis:us-east-1:1:stream/s-A-1");
    EXPECT_TRUE(got->resources.at("A").created);
    auto events = store_->events("arn:1");
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].event_id, "e2");  // newest first
}

// The engine saves a stack before the event of its new status, so the record a later operation
// reads back counts one event fewer than are stored; its first event used to overwrite the
// previous operation's last one (a stack's ROLLBACK_COMPLETE gone once it was deleted).
TEST_F(StackStoreTest, EventsAfterARecordReadBackFollowTheStoredOnes) {
    StackRecord s = stack("two", "arn:2");
    ASSERT_TRUE(store_->put(s, true).ok());
    StackEventRecord e{"", "two", "arn:2", "AWS::CloudFormation::Stack", "", "", "", 1};
    for (const char* status : {"CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS"}) {
        e.event_id = status;
        e.status = status;
        ASSERT_TRUE(store_->add_event(s, e).ok());
    }
    ASSERT_TRUE(store_->put(s).ok());  // as stack_status() saves, then adds the event
    e.event_id = e.status = "ROLLBACK_COMPLETE";
    ASSERT_TRUE(store_->add_event(s, e).ok());
    open();
    StackRecord again = *store_->find("arn:2");
    e.event_id = e.status = "DELETE_IN_PROGRESS";
    ASSERT_TRUE(store_->add_event(again, e).ok());
    std::vector<std::string> statuses;
    for (const auto& ev : store_->events("arn:2")) statuses.push_back(ev.status);
    EXPECT_EQ(statuses, (std::vector<std::string>{"DELETE_IN_PROGRESS", "ROLLBACK_COMPLETE",
                                                  "ROLLBACK_IN_PROGRESS", "CREATE_IN_PROGRESS"}));
}

TEST_F(StackStoreTest, AClaimedPhysicalIdSurvivesAReopen) {
    StackRecord s = stack("three", "arn:3");
    ResourceRecord& r = s.resources["B"];
    r.logical_id = "B";
    r.type = "AWS::S3::Bucket";
    r.status = "CREATE_IN_PROGRESS";
    r.claimed = "three-b-abc";
    ASSERT_TRUE(store_->put(s, true).ok());
    open();
    auto got = store_->find("three");
    ASSERT_TRUE(got);
    EXPECT_FALSE(got->resources.at("B").created);
    EXPECT_EQ(got->resources.at("B").claimed, "three-b-abc");
    EXPECT_EQ(got->resources.at("A").claimed, "");
}

TEST_F(StackStoreTest, ANameBelongsToOneLiveStack) {
    ASSERT_TRUE(store_->put(stack("one", "arn:1"), true).ok());
    auto again = store_->put(stack("one", "arn:2"), true);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, "AlreadyExistsException");
    EXPECT_EQ(again.error().message, "Stack [one] already exists");
    ASSERT_TRUE(store_->put_deleted(stack("one", "arn:1")).ok());
    EXPECT_FALSE(store_->find("one"));
    EXPECT_TRUE(store_->find("arn:1"));
    EXPECT_TRUE(store_->put(stack("one", "arn:2"), true).ok());
}

TEST_F(StackStoreTest, ExportsBelongToOneStackAndGoWithIt) {
    StackRecord a = stack("a", "arn:a");
    StackRecord b = stack("b", "arn:b");
    ASSERT_TRUE(store_->set_exports(a, {{"shared", "1"}, {"mine", "2"}}).ok());
    auto clash = store_->set_exports(b, {{"shared", "3"}});
    ASSERT_FALSE(clash.ok());
    EXPECT_EQ(clash.error().message, "Export with name shared is already exported by stack a");
    auto exports = store_->exports();
    ASSERT_EQ(exports.size(), 2u);
    EXPECT_EQ(exports.at("mine"), std::make_pair(std::string("arn:a"), std::string("2")));
    ASSERT_TRUE(store_->set_exports(a, {{"mine", "4"}}).ok());
    EXPECT_EQ(store_->exports().size(), 1u);
    ASSERT_TRUE(store_->put_deleted(a).ok());
    EXPECT_TRUE(store_->exports().empty());
}

TEST_F(StackStoreTest, ChangeSetsAreKeptPerStack) {
    ChangeSetRecord c;
    c.id = "arn:cs1";
    c.name = "cs";
    c.stack_id = "arn:1";
    c.changes.push_back(boost::json::object{{"Type", "Resource"}});
    ASSERT_TRUE(store_->put_change_set(c).ok());
    open();
    ASSERT_EQ(store_->change_sets("arn:1").size(), 1u);
    EXPECT_EQ(store_->change_set("arn:cs1")->changes.size(), 1u);
    ASSERT_TRUE(store_->remove_change_sets_of("arn:1").ok());
    EXPECT_FALSE(store_->change_set("arn:cs1"));
}

}  // namespace
}  // namespace freshet::stacks
