// Engine::resume after a server was killed in the middle of a CreateStack: the stack rolls
// back, deleting the resources it had created and also the one whose create had claimed its
// physical id (claim_physical_id) but not finished: the stream a create made just before the
// kill must not outlive the stack (the chaos driver, tests/chaos/stack_activity.py, found such
// leaks). Against the real services of an in-process server (resources_harness.h).
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "stacks/engine/engine.h"
#include "stacks/tests/resources_harness.h"
#include "storage/db.h"

namespace freshet::stacks::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

ResourceRecord stream_record(const std::string& logical_id, const std::string& status) {
    ResourceRecord r;
    r.logical_id = logical_id;
    r.type = "AWS::Kinesis::Stream";
    r.status = status;
    return r;
}

TEST(EngineResumeTest, ARestartRollsBackWhatAnInterruptedCreateClaimed) {
    Harness h;
    fs::path dir = fs::temp_directory_path() / ("freshet-engine-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    storage::Db::Options o;
    o.path = dir.string();
    auto db = storage::Db::open(o).value();
    StackStore store(*db);
    Principal root = h.root();

    // What the kill left: "Done" created; "Cut" claimed and made by CreateStream, never
    // recorded as created; "Later" started, its create never reached Kinesis.
    for (const char* name : {"cut-Done-AAAAAAAAAAAA", "cut-Cut-BBBBBBBBBBBB"})
        h.call("kinesis", "CreateStream", json::object{{"StreamName", name}, {"ShardCount", 1}});
    StackRecord s;
    s.id = "arn:aws:cloudformation:us-east-1:" + root.account_id +
           ":stack/cut/6a5e4c2e-0000-4000-8000-000000000002";
    s.name = "cut";
    s.status = "CREATE_IN_PROGRESS";
    s.processed = json::parse(R"({"Resources": {"Done": {"Type": "AWS::Kinesis::Stream"},
        "Cut": {"Type": "AWS::Kinesis::Stream"}, "Later": {"Type": "AWS::Kinesis::Stream"}}})")
                      .as_object();
    s.resources["Done"] = stream_record("Done", "CREATE_COMPLETE");
    s.resources["Done"].state.physical_id = "cut-Done-AAAAAAAAAAAA";
    s.resources["Done"].created = true;
    s.resources["Cut"] = stream_record("Cut", "CREATE_IN_PROGRESS");
    s.resources["Cut"].claimed = "cut-Cut-BBBBBBBBBBBB";
    s.resources["Later"] = stream_record("Later", "CREATE_IN_PROGRESS");
    s.resources["Later"].claimed = "cut-Later-CCCCCCCCCCCC";
    ASSERT_TRUE(store.put(s, true).ok());

    EngineDeps deps;
    deps.client = &h.client();
    deps.account_id = root.account_id;
    Engine engine(store, deps);
    engine.resume(root);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (engine.busy(s.id) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    engine.stop();

    auto got = store.get(s.id);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, "ROLLBACK_COMPLETE") << got->reason;
    for (const char* name : {"cut-Done-AAAAAAAAAAAA", "cut-Cut-BBBBBBBBBBBB"}) {
        EXPECT_EQ(
            h.error_of("kinesis", "DescribeStreamSummary", json::object{{"StreamName", name}}),
            "ResourceNotFoundException")
            << name << " outlived the rollback";
    }
    for (const char* id : {"Done", "Cut", "Later"}) {
        EXPECT_EQ(got->resources.at(id).status, "DELETE_COMPLETE") << id;
        EXPECT_EQ(got->resources.at(id).claimed, "") << id;
    }
    db.reset();
    fs::remove_all(dir);
}

}  // namespace
}  // namespace freshet::stacks::test
