// The service in-process with an injected clock: errors with AWS's texts, GetLogEvents'
// directions and tokens, FilterLogEvents' merge and pages, retention at read time and by the
// trimmer, ids never reused after a delete, and the sink functions write through.
#include "logs/service.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>
#include <thread>

#include "storage/tests/test_util.h"

namespace freshet::logs {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using storage::testing::open_db;
using storage::testing::TempDir;

const TimePoint kStart = from_epoch_millis(1'700'000'000'000);
constexpr int64_t kT0 = 1'700'000'000'000;

class LogsServiceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = open_db(dir_.path());
        LogsOptions o;
        o.clock = &clock_;
        o.start_trimmer = false;
        svc_ = std::make_unique<LogsService>(*db_, o);
    }
    void TearDown() override {
        svc_->stop();
        svc_.reset();
        db_->close();
    }
    Result<json::value> call(const std::string& op, json::value input) {
        RequestContext ctx;
        ctx.principal.account_id = "123456789012";
        ctx.region = "us-east-1";
        ctx.clock = &clock_;
        std::promise<Result<json::value>> p;
        svc_->find_action(op)->run(ctx, input, [&](Result<json::value> r) { p.set_value(r); });
        return p.get_future().get();
    }
    json::value ok(const std::string& op, json::value input) {
        auto r = call(op, std::move(input));
        EXPECT_TRUE(r.ok()) << op << ": " << (r.ok() ? "" : r.error().message);
        return r.ok() ? r.value() : json::value();
    }
    ApiError fails(const std::string& op, json::value input) {
        auto r = call(op, std::move(input));
        EXPECT_FALSE(r.ok()) << op;
        return r.ok() ? ApiError{} : r.error();
    }
    void put(const std::string& group, const std::string& stream,
             std::vector<std::pair<int64_t, std::string>> events) {
        json::array arr;
        for (auto& [t, m] : events) arr.push_back(json::object{{"timestamp", t}, {"message", m}});
        ok("PutLogEvents",
           {{"logGroupName", group}, {"logStreamName", stream}, {"logEvents", arr}});
    }
    std::vector<std::string> messages(const json::value& out) {
        std::vector<std::string> m;
        for (const auto& e : out.at("events").as_array())
            m.emplace_back(e.at("message").as_string());
        return m;
    }
    void group_and_stream(const std::string& g, const std::string& s) {
        ok("CreateLogGroup", {{"logGroupName", g}});
        ok("CreateLogStream", {{"logGroupName", g}, {"logStreamName", s}});
    }

    TempDir dir_;
    ManualClock clock_{kStart};
    std::unique_ptr<storage::Db> db_;
    std::unique_ptr<LogsService> svc_;
};

TEST_F(LogsServiceTest, ErrorsCarryAwsTexts) {
    auto e = fails("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", "s"}});
    EXPECT_EQ(e.code, "ResourceNotFoundException");
    EXPECT_EQ(e.message, "The specified log group does not exist.");
    group_and_stream("g", "s");
    e = fails("CreateLogGroup", {{"logGroupName", "g"}});
    EXPECT_EQ(e.code, "ResourceAlreadyExistsException");
    EXPECT_EQ(e.message, "The specified log group already exists");
    e = fails("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", "s"}});
    EXPECT_EQ(e.message, "The specified log stream already exists");
    e = fails("GetLogEvents", {{"logGroupName", "g"}, {"logStreamName", "nope"}});
    EXPECT_EQ(e.code, "ResourceNotFoundException");
    EXPECT_EQ(e.message, "The specified log stream does not exist.");
    e = fails("PutRetentionPolicy", {{"logGroupName", "g"}, {"retentionInDays", 2}});
    EXPECT_EQ(e.code, "InvalidParameterException");
    e = fails("DescribeLogStreams",
              {{"logGroupName", "g"}, {"orderBy", "LastEventTime"}, {"logStreamNamePrefix", "s"}});
    EXPECT_EQ(e.message, "Cannot order by LastEventTime with a logStreamNamePrefix.");
}

TEST_F(LogsServiceTest, GetLogEventsPagesBothWays) {
    group_and_stream("g", "s");
    put("g", "s", {{kT0 - 5, "a"}, {kT0 - 4, "b"}, {kT0 - 3, "c"}, {kT0 - 2, "d"}, {kT0 - 1, "e"}});
    // Default: the newest end.
    auto out = ok("GetLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}, {"limit", 2}});
    EXPECT_EQ(messages(out), (std::vector<std::string>{"d", "e"}));
    auto back = ok("GetLogEvents", {{"logGroupName", "g"},
                                    {"logStreamName", "s"},
                                    {"limit", 2},
                                    {"nextToken", out.at("nextBackwardToken")}});
    EXPECT_EQ(messages(back), (std::vector<std::string>{"b", "c"}));
    // From the head, forward to the end, where the same token comes back.
    auto head =
        ok("GetLogEvents",
           {{"logGroupName", "g"}, {"logStreamName", "s"}, {"startFromHead", true}, {"limit", 3}});
    EXPECT_EQ(messages(head), (std::vector<std::string>{"a", "b", "c"}));
    auto rest = ok("GetLogEvents", {{"logGroupName", "g"},
                                    {"logStreamName", "s"},
                                    {"nextToken", head.at("nextForwardToken")}});
    EXPECT_EQ(messages(rest), (std::vector<std::string>{"d", "e"}));
    auto end = ok("GetLogEvents", {{"logGroupName", "g"},
                                   {"logStreamName", "s"},
                                   {"nextToken", rest.at("nextForwardToken")}});
    EXPECT_TRUE(messages(end).empty());
    EXPECT_EQ(end.at("nextForwardToken"), rest.at("nextForwardToken"));
    // A time range: [startTime, endTime).
    auto range = ok("GetLogEvents", {{"logGroupName", "g"},
                                     {"logStreamName", "s"},
                                     {"startTime", kT0 - 4},
                                     {"endTime", kT0 - 2}});
    EXPECT_EQ(messages(range), (std::vector<std::string>{"b", "c"}));
    auto bad = fails("GetLogEvents",
                     {{"logGroupName", "g"}, {"logStreamName", "s"}, {"nextToken", "f/1"}});
    EXPECT_EQ(bad.message, "The specified nextToken is invalid.");
}

TEST_F(LogsServiceTest, FilterMergesStreamsInTimeOrderAndPages) {
    group_and_stream("g", "one");
    ok("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", "two"}});
    put("g", "one", {{kT0 - 10, "ERROR 1"}, {kT0 - 8, "INFO 3"}, {kT0 - 6, "ERROR 5"}});
    put("g", "two", {{kT0 - 9, "ERROR 2"}, {kT0 - 7, "ERROR 4"}});
    auto all = ok("FilterLogEvents", {{"logGroupName", "g"}});
    EXPECT_EQ(messages(all),
              (std::vector<std::string>{"ERROR 1", "ERROR 2", "INFO 3", "ERROR 4", "ERROR 5"}));
    auto page =
        ok("FilterLogEvents", {{"logGroupName", "g"}, {"filterPattern", "ERROR"}, {"limit", 2}});
    EXPECT_EQ(messages(page), (std::vector<std::string>{"ERROR 1", "ERROR 2"}));
    auto next = ok(
        "FilterLogEvents",
        {{"logGroupName", "g"}, {"filterPattern", "ERROR"}, {"nextToken", page.at("nextToken")}});
    EXPECT_EQ(messages(next), (std::vector<std::string>{"ERROR 4", "ERROR 5"}));
    EXPECT_FALSE(next.as_object().contains("nextToken"));
    auto two =
        ok("FilterLogEvents", {{"logGroupName", "g"}, {"logStreamNames", json::array{"two"}}});
    EXPECT_EQ(messages(two), (std::vector<std::string>{"ERROR 2", "ERROR 4"}));
    EXPECT_EQ(two.at("events").as_array()[0].at("logStreamName"), "two");
}

TEST_F(LogsServiceTest, RetentionHidesAtOnceAndTheTrimmerDeletes) {
    group_and_stream("g", "s");
    put("g", "s", {{kT0 - 3 * 86'400'000LL, "old"}, {kT0, "new"}});
    ok("PutRetentionPolicy", {{"logGroupName", "g"}, {"retentionInDays", 1}});
    auto out = ok("GetLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}});
    EXPECT_EQ(messages(out), (std::vector<std::string>{"new"}));
    auto groups = ok("DescribeLogGroups", {{"logGroupNamePrefix", "g"}});
    EXPECT_EQ(groups.at("logGroups").as_array()[0].at("retentionInDays"), 1);
    EXPECT_EQ(groups.at("logGroups").as_array()[0].at("storedBytes"), 6);
    EXPECT_EQ(svc_->trimmer().run_once(), 1u);
    groups = ok("DescribeLogGroups", {{"logGroupNamePrefix", "g"}});
    EXPECT_EQ(groups.at("logGroups").as_array()[0].at("storedBytes"), 3);
    ok("DeleteRetentionPolicy", {{"logGroupName", "g"}});
    out = ok("GetLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}});
    EXPECT_EQ(messages(out), (std::vector<std::string>{"new"}));  // deleted stays deleted
}

TEST_F(LogsServiceTest, ARecreatedGroupStartsEmpty) {
    group_and_stream("g", "s");
    put("g", "s", {{kT0, "before"}});
    ok("DeleteLogGroup", {{"logGroupName", "g"}});
    auto e = fails("DeleteLogGroup", {{"logGroupName", "g"}});
    EXPECT_EQ(e.message, "The specified log group does not exist.");
    group_and_stream("g", "s");
    auto out = ok("GetLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}});
    EXPECT_TRUE(messages(out).empty());
    EXPECT_EQ(svc_->trimmer().run_once(), 1u);  // the old stream's event
}

TEST_F(LogsServiceTest, DescribeListsPageByPage) {
    for (const char* g : {"a/1", "a/2", "a/3", "b/1"}) ok("CreateLogGroup", {{"logGroupName", g}});
    auto first = ok("DescribeLogGroups", {{"logGroupNamePrefix", "a/"}, {"limit", 2}});
    ASSERT_EQ(first.at("logGroups").as_array().size(), 2u);
    auto second =
        ok("DescribeLogGroups",
           {{"logGroupNamePrefix", "a/"}, {"limit", 2}, {"nextToken", first.at("nextToken")}});
    ASSERT_EQ(second.at("logGroups").as_array().size(), 1u);
    EXPECT_EQ(second.at("logGroups").as_array()[0].at("logGroupName"), "a/3");
    EXPECT_FALSE(second.as_object().contains("nextToken"));

    for (const char* s : {"x", "y", "z"})
        ok("CreateLogStream", {{"logGroupName", "b/1"}, {"logStreamName", s}});
    put("b/1", "x", {{kT0, "late"}});
    put("b/1", "z", {{kT0 - 100, "early"}});
    auto by_time = ok("DescribeLogStreams", {{"logGroupName", "b/1"},
                                             {"orderBy", "LastEventTime"},
                                             {"descending", true},
                                             {"limit", 2}});
    auto streams = by_time.at("logStreams").as_array();
    ASSERT_EQ(streams.size(), 2u);
    EXPECT_EQ(streams[0].at("logStreamName"), "x");
    EXPECT_EQ(streams[1].at("logStreamName"), "z");
    auto rest = ok("DescribeLogStreams", {{"logGroupName", "b/1"},
                                          {"orderBy", "LastEventTime"},
                                          {"descending", true},
                                          {"nextToken", by_time.at("nextToken")}});
    ASSERT_EQ(rest.at("logStreams").as_array().size(), 1u);
    EXPECT_EQ(rest.at("logStreams").as_array()[0].at("logStreamName"), "y");
}

TEST_F(LogsServiceTest, TheSinkCreatesGroupAndStream) {
    svc_->sink()->write({"123456789012", "us-east-1", "/aws/lambda/f", "2023/11/14/[$LATEST]ab"},
                        {{kT0, "START RequestId: 1"}, {kT0 + 1, "hello"}});
    std::vector<std::string> got;
    for (int i = 0; i < 500 && got.size() < 2; ++i) {  // the sink's write is asynchronous
        auto r = call("GetLogEvents", {{"logGroupName", "/aws/lambda/f"},
                                       {"logStreamName", "2023/11/14/[$LATEST]ab"}});
        if (r.ok()) got = messages(r.value());
        if (got.size() < 2) std::this_thread::sleep_for(10ms);
    }
    EXPECT_EQ(got, (std::vector<std::string>{"START RequestId: 1", "hello"}));
}

}  // namespace
}  // namespace freshet::logs
