// The service in-process, with an injected clock: the notification hook fires after the
// durable commit, iterators expire after 5 minutes with AWS's message, the trimmer enforces
// retention and purges deleted streams, the iterator secret survives a restart, and the
// traffic counters of GET /metrics count what was accepted and returned.
#include "streams/service.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>

#include "core/encoding.h"
#include "storage/tests/test_util.h"

namespace freshet::streams {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using storage::testing::open_db;
using storage::testing::TempDir;

// 2015-01-22T01:22:02Z, the instant of kinesalite's recorded message.
const TimePoint kStart = from_epoch_millis(1421889722000);

class StreamsServiceTest : public ::testing::Test {
  protected:
    void SetUp() override { open(); }
    void TearDown() override { close(); }
    void open() {
        db_ = open_db(dir_.path());
        StreamsOptions o;
        o.clock = &clock_;
        o.start_trimmer = false;
        auto svc = StreamsService::open(*db_, o);
        ASSERT_TRUE(svc.ok());
        svc_ = std::move(svc).value();
    }
    void close() {
        if (svc_) svc_->stop();
        svc_.reset();
        if (db_) db_->close();
        db_.reset();
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
    std::string iterator(const std::string& stream, const std::string& type = "TRIM_HORIZON") {
        return std::string(ok("GetShardIterator", {{"StreamName", stream},
                                                   {"ShardId", "shardId-000000000000"},
                                                   {"ShardIteratorType", type}})
                               .at("ShardIterator")
                               .as_string());
    }
    size_t record_count(const std::string& stream) {
        auto out = ok("GetRecords", {{"ShardIterator", iterator(stream)}});
        return out.at("Records").as_array().size();
    }
    void put(const std::string& stream, const std::string& data) {
        ok("PutRecord",
           {{"StreamName", stream}, {"Data", base64_encode(data)}, {"PartitionKey", "k"}});
    }

    TempDir dir_;
    ManualClock clock_{kStart};
    std::unique_ptr<storage::Db> db_;
    std::shared_ptr<StreamsService> svc_;
};

TEST_F(StreamsServiceTest, NotifiesAfterTheDurableCommit) {
    ok("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
    std::vector<RecordsArrived> events;
    size_t visible = 0;
    auto id = svc_->notifier().subscribe([&](const RecordsArrived& e) {
        events.push_back(e);
        // The records are committed when the hook fires: a reader sees them.
        auto it = db_->iterate(storage::Cf::StreamRecords, "", "");
        for (it.seek_to_first(); it.valid(); it.next()) ++visible;
    });
    put("s", "one");
    auto out =
        ok("PutRecords",
           {{"StreamName", "s"},
            {"Records", json::array{{{"Data", base64_encode("a")}, {"PartitionKey", "x"}},
                                    {{"Data", base64_encode("b")}, {"PartitionKey", "y"}}}}});
    ASSERT_EQ(events.size(), 2u);  // one per put (one shard each)
    EXPECT_EQ(events[0].stream_name, "s");
    EXPECT_EQ(events[0].shard_id, "shardId-000000000000");
    EXPECT_EQ(events[0].stream_arn, "arn:aws:kinesis:us-east-1:123456789012:stream/s");
    EXPECT_EQ(events[1].last_sequence_number,
              out.at("Records").as_array()[1].at("SequenceNumber").as_string());
    EXPECT_EQ(visible, 1u + 3u);
    // A failed put does not notify.
    EXPECT_FALSE(
        call("PutRecord",
             {{"StreamName", "missing"}, {"Data", base64_encode("x")}, {"PartitionKey", "k"}})
            .ok());
    EXPECT_EQ(events.size(), 2u);
    svc_->notifier().unsubscribe(id);
    put("s", "two");
    EXPECT_EQ(events.size(), 2u);
}

TEST_F(StreamsServiceTest, IteratorsExpireAfterFiveMinutes) {
    ok("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
    std::string it = iterator("s");
    clock_.advance(300'000ms);
    EXPECT_TRUE(call("GetRecords", {{"ShardIterator", it}}).ok());
    clock_.set(kStart + 300'001ms);
    auto r = call("GetRecords", {{"ShardIterator", it}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "ExpiredIteratorException");
    EXPECT_EQ(r.error().message,
              "Iterator expired. The iterator was created at time Thu Jan 22 01:22:02 UTC 2015 "
              "while right now it is Thu Jan 22 01:27:02 UTC 2015 which is further in the future "
              "than the tolerated delay of 300000 milliseconds.");
}

TEST_F(StreamsServiceTest, TrimmerEnforcesRetentionAndPurgesDeletedStreams) {
    ok("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
    ok("CreateStream", {{"StreamName", "gone"}, {"ShardCount", 1}});
    put("s", "old");
    put("gone", "x");
    clock_.advance(23h);
    put("s", "new");
    EXPECT_EQ(svc_->trimmer().run_once(), 0u);
    clock_.advance(1h + 1ms);  // "old" is now older than 24 hours
    ok("DeleteStream", {{"StreamName", "gone"}});
    EXPECT_EQ(svc_->trimmer().run_once(), 2u);
    auto out = ok("GetRecords", {{"ShardIterator", iterator("s")}});
    ASSERT_EQ(out.at("Records").as_array().size(), 1u);
    EXPECT_EQ(out.at("Records").as_array()[0].at("Data").as_string(), base64_encode("new"));
    EXPECT_EQ(svc_->trimmer().run_once(), 0u);
    size_t left = 0;
    auto it = db_->iterate(storage::Cf::StreamRecords, "", "");
    for (it.seek_to_first(); it.valid(); it.next()) ++left;
    EXPECT_EQ(left, 1u);
}

TEST_F(StreamsServiceTest, SequenceNumbersAndIteratorsSurviveARestart) {
    ok("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
    put("s", "a");
    std::string it = iterator("s");
    std::string secret = svc_->secret();
    close();
    open();
    EXPECT_EQ(svc_->secret(), secret);
    put("s", "b");
    auto out = ok("GetRecords", {{"ShardIterator", it}});
    auto& recs = out.at("Records").as_array();
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_LT(recs[0].at("SequenceNumber").as_string(), recs[1].at("SequenceNumber").as_string());
    EXPECT_EQ(record_count("s"), 2u);
}

TEST_F(StreamsServiceTest, CountsTrafficPerStreamForMetrics) {
    auto metrics = [&] {
        MetricsWriter w;
        svc_->write_metrics(w);
        return w.text();
    };
    auto has = [&](const std::string& line) {
        return metrics().find(line + "\n") != std::string::npos;
    };
    ok("CreateStream", {{"StreamName", "s"}, {"ShardCount", 2}});
    ok("CreateStream", {{"StreamName", "idle"}, {"ShardCount", 1}});
    put("s", "one");
    ok("PutRecords",
       {{"StreamName", "s"},
        {"Records", json::array{{{"Data", base64_encode("ab")}, {"PartitionKey", "x"}},
                                {{"Data", base64_encode("c")}, {"PartitionKey", "y"}}}}});
    // Failed puts count nothing: no such stream, and a write function that refuses.
    EXPECT_FALSE(
        call("PutRecord",
             {{"StreamName", "missing"}, {"Data", base64_encode("x")}, {"PartitionKey", "k"}})
            .ok());
    EXPECT_FALSE(call("PutRecord", {{"StreamName", "s"},
                                    {"Data", base64_encode("x")},
                                    {"PartitionKey", "k"},
                                    {"SequenceNumberForOrdering", "1"}})
                     .ok());
    EXPECT_TRUE(has("freshet_stream_incoming_records_total{stream=\"s\"} 3"));
    EXPECT_TRUE(has("freshet_stream_incoming_bytes_total{stream=\"s\"} 6"));
    EXPECT_TRUE(has("freshet_stream_outgoing_records_total{stream=\"s\"} 0"));
    EXPECT_TRUE(has("freshet_stream_incoming_records_total{stream=\"idle\"} 0"));
    size_t read = 0;
    for (const char* shard : {"shardId-000000000000", "shardId-000000000001"}) {
        auto it =
            ok("GetShardIterator",
               {{"StreamName", "s"}, {"ShardId", shard}, {"ShardIteratorType", "TRIM_HORIZON"}});
        auto out = ok("GetRecords", {{"ShardIterator", it.at("ShardIterator")}});
        read += out.at("Records").as_array().size();
    }
    EXPECT_EQ(read, 3u);
    EXPECT_TRUE(has("freshet_stream_outgoing_records_total{stream=\"s\"} 3"));
    EXPECT_TRUE(has("freshet_stream_outgoing_bytes_total{stream=\"s\"} 6"));
    EXPECT_TRUE(has("# TYPE freshet_stream_incoming_bytes_total counter"));
    // A deleted stream's series go; a new stream of the same name starts from zero.
    ok("DeleteStream", {{"StreamName", "s"}});
    EXPECT_EQ(metrics().find("stream=\"s\""), std::string::npos);
    ok("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
    EXPECT_TRUE(has("freshet_stream_incoming_records_total{stream=\"s\"} 0"));
}

}  // namespace
}  // namespace freshet::streams
