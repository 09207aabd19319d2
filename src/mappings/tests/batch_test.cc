#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "mappings/engine/batch.h"
#include "mappings/engine/delivery.h"
#include "mappings/engine/window.h"

namespace freshet::mappings {
namespace {

namespace json = boost::json;

std::vector<StreamRecord> records(int n) {
    std::vector<StreamRecord> out;
    for (int i = 0; i < n; ++i)
        out.push_back(
            {std::to_string(100 + i), "pk" + std::to_string(i), "aGk=", 1545084650987, ""});
    return out;
}

TEST(DynamoDbEvent, IsTheRecordsWithTheStreamArn) {
    const std::string arn =
        "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026-11-27T05:00:00.000";
    EventSource src{"shardId-00000001800000000000-0a1b2c3d", arn,
                    "arn:aws:iam::123456789012:role/r", "us-east-1", SourceKind::TableStream};
    std::vector<StreamRecord> rs;
    for (int i = 0; i < 2; ++i) {
        json::object doc{{"eventID", "e" + std::to_string(i)},
                         {"eventName", "INSERT"},
                         {"dynamodb", json::object{{"SequenceNumber", std::to_string(100 + i)}}}};
        rs.push_back({std::to_string(100 + i), "{}", "", 0, json::serialize(doc)});
    }
    json::value v = json::parse(event_document(src, rs));
    const auto& r = v.at("Records").as_array();
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[1].at("eventID").as_string(), "e1");
    EXPECT_EQ(r[0].at("eventSourceARN").as_string(), arn);
    EXPECT_EQ(r[0].at("dynamodb").at("SequenceNumber").as_string(), "100");
    EXPECT_FALSE(r[0].as_object().contains("kinesis"));
}

TEST(KinesisEvent, HasAwsShape) {
    EventSource src{"shardId-000000000006", "arn:aws:kinesis:us-east-2:123456789012:stream/s",
                    "arn:aws:iam::123456789012:role/r", "us-east-2", SourceKind::Kinesis};
    std::string text = kinesis_event(src, records(2));
    EXPECT_NE(text.find(R"("approximateArrivalTimestamp":1545084650.987})"), std::string::npos);
    json::value v = json::parse(text);
    const auto& r = v.at("Records").as_array();
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[1].at("eventID").as_string(), "shardId-000000000006:101");
    EXPECT_EQ(r[0].at("kinesis").at("partitionKey").as_string(), "pk0");
    EXPECT_EQ(r[0].at("kinesis").at("data").as_string(), "aGk=");
    EXPECT_EQ(r[0].at("eventSource").as_string(), "aws:kinesis");
    EXPECT_EQ(r[0].at("eventName").as_string(), "aws:kinesis:record");
    EXPECT_EQ(r[0].at("invokeIdentityArn").as_string(), "arn:aws:iam::123456789012:role/r");
    EXPECT_EQ(r[0].at("eventSourceARN").as_string(), src.stream_arn);
    EXPECT_EQ(r[0].at("awsRegion").as_string(), "us-east-2");
}

TEST(BatchItemFailures, SuccessFailureAndPartialAsAwsSays) {
    auto batch = records(3);
    for (const char* ok :
         {"", "null", "[]", "{}", R"({"batchItemFailures":[]})", R"({"batchItemFailures":null})"}) {
        EXPECT_EQ(read_batch_item_failures(ok, batch).kind, InvokeOutcome::Success) << ok;
    }
    for (const char* bad : {R"({"batchItemFailures":[{"itemIdentifier":"123"}]})",
                            R"({"batchItemFailures":[{"itemIdentifier":""}]})",
                            R"({"batchItemFailures":[{"itemIdentifier":null}]})", R"({"foo":123})",
                            R"({"foo":null})", "not json"}) {
        EXPECT_EQ(read_batch_item_failures(bad, batch).kind, InvokeOutcome::FunctionError) << bad;
    }
    auto partial = read_batch_item_failures(
        R"({"batchItemFailures":[{"itemIdentifier":"102"},{"itemIdentifier":"101"}]})", batch);
    EXPECT_EQ(partial.kind, InvokeOutcome::PartialFailure);
    EXPECT_EQ(partial.first_failed, 1u);
}

TEST(TumblingWindow, EventMembersAndAnswers) {
    EventSource src{"shardId-000000000000", "arn:aws:kinesis:us-east-1:123456789012:stream/s",
                    "arn:aws:iam::123456789012:role/r", "us-east-1", SourceKind::Kinesis};
    EXPECT_EQ(window_start(1545084650987, 60), 1545084600000);
    Window w{1545084600000, R"({"n":2})"};
    json::value v = json::parse(window_event(src, records(1), w, 60, true));
    EXPECT_EQ(v.at("window").at("start").as_string(), "2018-12-17T22:10:00Z");
    EXPECT_EQ(v.at("window").at("end").as_string(), "2018-12-17T22:11:00Z");
    EXPECT_EQ(v.at("state").at("n").as_int64(), 2);
    EXPECT_EQ(v.at("shardId").as_string(), src.shard_id);
    EXPECT_EQ(v.at("eventSourceARN").as_string(), src.stream_arn);
    EXPECT_TRUE(v.at("isFinalInvokeForWindow").as_bool());
    EXPECT_FALSE(v.at("isWindowTerminatedEarly").as_bool());
    EXPECT_EQ(v.at("Records").as_array().size(), 1u);

    std::string state;
    EXPECT_EQ(read_window_answer(R"({"state":{"n":3}})", records(1), false, state).kind,
              InvokeOutcome::Success);
    EXPECT_EQ(state, R"({"n":3})");
    // An answer without a state object fails the batch.
    EXPECT_EQ(read_window_answer("{}", records(1), false, state).kind,
              InvokeOutcome::FunctionError);
    EXPECT_EQ(read_window_answer("null", records(1), false, state).kind,
              InvokeOutcome::FunctionError);
    auto partial = read_window_answer(
        R"({"state":{},"batchItemFailures":[{"itemIdentifier":"100"}]})", records(2), true, state);
    EXPECT_EQ(partial.kind, InvokeOutcome::PartialFailure);
    EXPECT_EQ(partial.first_failed, 0u);
}

TEST(SequenceNumbers, CompareAsNumbers) {
    EXPECT_TRUE(sequence_less("99", "100"));
    EXPECT_FALSE(sequence_less("100", "99"));
    EXPECT_TRUE(sequence_less("100", "101"));
}

// A fake function that fails on records whose partition key is in `bad`.
struct Harness {
    std::set<std::string> bad;
    bool partial = false;
    std::vector<size_t> invocations;  // batch sizes
    std::vector<DiscardedBatch> discarded;
    std::vector<std::string> done;
    int64_t now = 1545084650987;
    DeliveryHooks hooks() {
        DeliveryHooks h;
        h.invoke = [this](const std::vector<StreamRecord>& rs) {
            invocations.push_back(rs.size());
            for (size_t i = 0; i < rs.size(); ++i) {
                if (!bad.count(rs[i].partition_key)) continue;
                InvokeOutcome o;
                if (partial) {
                    o.kind = InvokeOutcome::PartialFailure;
                    o.first_failed = i;
                } else {
                    o.kind = InvokeOutcome::FunctionError;
                    o.function_error = "Unhandled";
                }
                return o;
            }
            return InvokeOutcome{};
        };
        h.discard = [this](DiscardedBatch d) { discarded.push_back(std::move(d)); };
        h.sleep = [this](std::chrono::milliseconds d) {
            now += d.count();
            return true;
        };
        h.now_ms = [this] { return now; };
        h.done_through = [this](const StreamRecord& r) { done.push_back(r.sequence_number); };
        return h;
    }
};

TEST(Delivery, RetriesThenGivesUpAfterMaximumRetryAttempts) {
    Harness h;
    h.bad = {"pk2"};
    RetryPolicy p;
    p.maximum_retry_attempts = 2;
    Counters c;
    EXPECT_EQ(deliver(p, records(4), h.hooks(), c), Delivered::Done);
    EXPECT_EQ(h.invocations, (std::vector<size_t>{4, 4, 4}));
    ASSERT_EQ(h.discarded.size(), 1u);
    EXPECT_EQ(h.discarded[0].condition, "RetryAttemptsExhausted");
    EXPECT_EQ(h.discarded[0].invoke_count, 3);
    EXPECT_EQ(h.discarded[0].records.size(), 4u);
    EXPECT_EQ(h.done.back(), "103");
}

TEST(Delivery, BisectIsolatesTheBadRecordWithoutUsingRetries) {
    Harness h;
    h.bad = {"pk2"};
    RetryPolicy p;
    p.maximum_retry_attempts = 0;
    p.bisect = true;
    Counters c;
    EXPECT_EQ(deliver(p, records(4), h.hooks(), c), Delivered::Done);
    // 4 fails -> [0,1] ok -> [2,3] fails -> [2] fails, given up -> [3] ok
    EXPECT_EQ(h.invocations, (std::vector<size_t>{4, 2, 2, 1, 1}));
    ASSERT_EQ(h.discarded.size(), 1u);
    EXPECT_EQ(h.discarded[0].records.size(), 1u);
    EXPECT_EQ(h.discarded[0].records[0].partition_key, "pk2");
    EXPECT_EQ(c.records, 3u);
    EXPECT_EQ(h.done, (std::vector<std::string>{"101", "102", "103"}));
}

TEST(Delivery, PartialFailureRetriesFromTheLowestFailedRecord) {
    Harness h;
    h.bad = {"pk2"};
    h.partial = true;
    RetryPolicy p;
    p.maximum_retry_attempts = 1;
    Counters c;
    EXPECT_EQ(deliver(p, records(4), h.hooks(), c), Delivered::Done);
    EXPECT_EQ(h.invocations, (std::vector<size_t>{4, 2}));
    ASSERT_EQ(h.discarded.size(), 1u);
    EXPECT_EQ(h.discarded[0].records.front().sequence_number, "102");
    EXPECT_EQ(h.discarded[0].invoke_count, 2);
    EXPECT_EQ(h.done.front(), "101");
}

TEST(Delivery, RecordsOlderThanMaximumAgeAreGivenUp) {
    Harness h;
    h.bad = {"pk0"};
    RetryPolicy p;
    p.maximum_record_age_s = 60;
    Counters c;
    EXPECT_EQ(deliver(p, records(2), h.hooks(), c), Delivered::Done);
    ASSERT_EQ(h.discarded.size(), 1u);
    EXPECT_EQ(h.discarded[0].condition, "RecordAgeExceeded");
    EXPECT_FALSE(h.discarded[0].last.has_value());
    EXPECT_GE(h.now - 1545084650987, 60'000);
}

}  // namespace
}  // namespace freshet::mappings
