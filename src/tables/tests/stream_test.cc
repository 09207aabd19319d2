// Table streams below the API: names (labels, ARNs, shard ids), sequence numbers, signed
// iterators, the records write_change appends (images per view type, DynamoDB's SizeBytes, no
// record for a change that changes nothing), the listener after the durable commit only, the
// 15-minute iterator expiry, and the retention sweep (24 hours, then disabled streams dropped)
// with an injected clock.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>

#include "storage/key_codec.h"
#include "storage/tests/test_util.h"
#include "tables/store/item_codec.h"
#include "tables/store/stream_def.h"
#include "tables/store/stream_log.h"
#include "tables/streams/service.h"
#include "tables/streams/shard_iterator.h"

namespace freshet::tables {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using storage::testing::open_db;
using storage::testing::TempDir;

TEST(StreamNames, LabelArnAndShardId) {
    EXPECT_EQ(stream_label(1764219662.345), "2025-11-27T05:01:02.345");
    TableMeta t;
    t.name = "Music";
    t.arn = "arn:aws:dynamodb:us-west-2:111122223333:table/Music";
    StreamDef s{9, stream_label(1764219662.345), "KEYS_ONLY", true, 1764219662.345, 0};
    const std::string arn = stream_arn(t, s);
    EXPECT_EQ(arn, t.arn + "/stream/2025-11-27T05:01:02.345");
    auto parts = parse_stream_arn(arn);
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->region, "us-west-2");
    EXPECT_EQ(parts->account, "111122223333");
    EXPECT_EQ(parts->table, "Music");
    EXPECT_EQ(parts->label, "2025-11-27T05:01:02.345");
    EXPECT_FALSE(parse_stream_arn("arn:aws:dynamodb:us-west-2:1:table/Music"));
    EXPECT_FALSE(parse_stream_arn("arn:aws:kinesis:us-west-2:1:table/M/stream/x"));
    EXPECT_FALSE(parse_stream_arn("sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf"));
    t.streams.push_back(s);
    EXPECT_EQ(find_stream(t, arn), &t.streams[0]);
    EXPECT_EQ(find_stream(t, arn + "x"), nullptr);
    const std::string id = stream_shard_id(s);
    EXPECT_EQ(id.size(), std::string("shardId-00000001764219662345-").size() + 8);
    EXPECT_TRUE(id.starts_with("shardId-00000001764219662345-")) << id;
}

TEST(StreamNames, SequenceNumbers) {
    EXPECT_EQ(format_sequence(1), "000000000000000000001");
    EXPECT_EQ(parse_sequence("000000000000000000042"), 42u);
    EXPECT_FALSE(parse_sequence("42"));                       // under 21 digits
    EXPECT_FALSE(parse_sequence("00000000000000000004x"));    // not a number
    EXPECT_FALSE(parse_sequence("99999999999999999999999"));  // over u64
}

TEST(StreamIterators, RoundTripAndRefusals) {
    TableStreamIterator it{"arn:aws:dynamodb:r:1:table/t/stream/x", 5, 17, 1000};
    std::string text = encode_table_iterator("secret", it);
    EXPECT_TRUE(text.starts_with(it.stream_arn + "|1|")) << text;
    EXPECT_EQ(iterator_stream_arn(text), it.stream_arn);
    auto back = decode_table_iterator("secret", text);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->stream_arn, it.stream_arn);
    EXPECT_EQ(back->stream_id, 5u);
    EXPECT_EQ(back->position, 17u);
    EXPECT_EQ(back->created_ms, 1000);
    EXPECT_FALSE(decode_table_iterator("other", text));
    EXPECT_FALSE(decode_table_iterator("secret", "x" + text));  // another ARN
    EXPECT_FALSE(decode_table_iterator("secret", "garbage"));
}

// 2025-11-27T05:01:02Z
const TimePoint kStart = from_epoch_millis(1764219662000);

class TableStreamTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = open_db(dir_.path());
        TableStreamsOptions o;
        o.clock = &clock_;
        o.start_sweeper = false;
        auto svc = TableStreamsService::open(*db_, o);
        ASSERT_TRUE(svc.ok());
        svc_ = std::move(svc).value();
        table_.name = "Music";
        table_.id = 1;
        table_.arn = "arn:aws:dynamodb:us-east-1:123456789012:table/Music";
        table_.hash = KeyDef{"Id", Type::N};
        add_stream("NEW_AND_OLD_IMAGES");
    }
    void TearDown() override {
        svc_->stop();
        db_->close();
    }
    void add_stream(const std::string& view) {
        double now = epoch_seconds(clock_.now());
        table_.streams.push_back(
            StreamDef{table_.streams.size() + 2, stream_label(now), view, true, now, 0});
        save();
    }
    void save() {
        ASSERT_TRUE(db_->committer()
                        .commit_sync([&](storage::Txn& txn) -> Result<void> {
                            txn.put(storage::Cf::TableMeta, meta_key(table_.name),
                                    encode_meta(table_));
                            return Ok{};
                        })
                        .ok());
    }
    // Writes `now` (nullopt: deletes) under Id `id` as the handlers do.
    Result<void> change(int id, std::optional<Item> now, const StreamListener* l = nullptr,
                        bool fail = false) {
        Item key{{"Id", AttributeValue::number(Decimal::parse(std::to_string(id)).value())}};
        return db_->committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
            std::string k = item_key(table_, key);
            std::optional<Item> old;
            if (auto bytes = txn.get(storage::Cf::TableItems, k)) old = decode_stored_item(*bytes);
            ChangeOrigin origin{false, epoch_seconds(clock_.now()), l};
            FRESHET_CHECK(write_change(txn, table_, k, old, now, origin));
            if (fail) return ApiError{"Failed", "on purpose", 400};
            return Ok{};
        });
    }
    Item item(int id, const std::string& message) {
        return Item{{"Id", AttributeValue::number(Decimal::parse(std::to_string(id)).value())},
                    {"Message", AttributeValue::string(message)}};
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
    std::string arn() const { return stream_arn(table_, table_.streams.back()); }
    std::string trim_horizon_iterator() {
        auto shards = call("DescribeStream", {{"StreamArn", arn()}})
                          .value()
                          .at("StreamDescription")
                          .at("Shards");
        auto r = call("GetShardIterator", {{"StreamArn", arn()},
                                           {"ShardId", shards.at(0).at("ShardId")},
                                           {"ShardIteratorType", "TRIM_HORIZON"}});
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return std::string(r.value().at("ShardIterator").as_string());
    }
    json::array records() {
        auto r = call("GetRecords", {{"ShardIterator", trim_horizon_iterator()}});
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? r.value().at("Records").as_array() : json::array();
    }

    TempDir dir_;
    ManualClock clock_{kStart};
    std::unique_ptr<storage::Db> db_;
    std::shared_ptr<TableStreamsService> svc_;
    TableMeta table_;
};

// The developer guide's example: SizeBytes 26 (INSERT), 59 (MODIFY), 38 (REMOVE).
TEST_F(TableStreamTest, RecordsWithImagesAndSizes) {
    ASSERT_TRUE(change(101, item(101, "New item!")).ok());
    ASSERT_TRUE(change(101, item(101, "New item!")).ok());  // identical: no record
    ASSERT_TRUE(change(101, item(101, "This item has changed")).ok());
    ASSERT_TRUE(change(101, std::nullopt).ok());
    ASSERT_TRUE(change(102, std::nullopt).ok());  // absent: no record
    auto rs = records();
    ASSERT_EQ(rs.size(), 3u);
    const char* names[] = {"INSERT", "MODIFY", "REMOVE"};
    const int64_t sizes[] = {26, 59, 38};
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(rs[i].at("eventName").as_string(), names[i]);
        EXPECT_EQ(rs[i].at("dynamodb").at("SizeBytes").to_number<int64_t>(), sizes[i]);
        EXPECT_EQ(rs[i].at("dynamodb").at("SequenceNumber").as_string(), format_sequence(i + 1));
    }
    EXPECT_FALSE(rs[0].at("dynamodb").as_object().contains("OldImage"));
    EXPECT_FALSE(rs[2].at("dynamodb").as_object().contains("NewImage"));
}

TEST_F(TableStreamTest, ListenerHearsOnlyOfDurableWrites) {
    std::vector<std::string> heard;
    size_t visible_when_heard = 0;
    StreamListener listener = [&](const std::string& a) {
        heard.push_back(a);
        visible_when_heard = next_sequence(*db_, table_.streams.back().id);
    };
    ASSERT_TRUE(change(1, item(1, "a"), &listener).ok());
    EXPECT_EQ(heard, std::vector<std::string>{arn()});
    EXPECT_EQ(visible_when_heard, 2u);  // the record was committed when the listener ran
    EXPECT_FALSE(change(2, item(2, "b"), &listener, true).ok());  // rolled back
    ASSERT_TRUE(change(1, item(1, "a"), &listener).ok());         // no change, no record
    EXPECT_EQ(heard.size(), 1u);
    EXPECT_EQ(records().size(), 1u);
}

TEST_F(TableStreamTest, IteratorsExpireAfterFifteenMinutes) {
    ASSERT_TRUE(change(1, item(1, "a")).ok());
    std::string it = trim_horizon_iterator();
    clock_.advance(15min);
    ASSERT_TRUE(call("GetRecords", {{"ShardIterator", it}}).ok());
    clock_.advance(1ms);
    auto r = call("GetRecords", {{"ShardIterator", it}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "com.amazonaws.dynamodb.v20120810#ExpiredIteratorException");
    EXPECT_EQ(r.error().message, "Shard iterator has expired");
}

TEST_F(TableStreamTest, SweepTrimsAfterADayAndDropsDisabledStreams) {
    ASSERT_TRUE(change(1, item(1, "old")).ok());
    std::string old_it = trim_horizon_iterator();
    clock_.advance(12h);
    ASSERT_TRUE(change(2, item(2, "young")).ok());
    clock_.advance(12h + 1s);
    EXPECT_EQ(svc_->sweeper().run_once(), 1u);
    auto rs = records();
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].at("dynamodb").at("SequenceNumber").as_string(), format_sequence(2));
    clock_.advance(-24h);  // the old iterator, were it still fresh, points at trimmed data
    auto trimmed = call("GetRecords", {{"ShardIterator", old_it}});
    clock_.advance(24h);
    ASSERT_FALSE(trimmed.ok());
    EXPECT_EQ(trimmed.error().code, "com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException");
    // Disabled: readable for 24 hours, then dropped with its records.
    table_.streams.back().enabled = false;
    table_.streams.back().disabled = epoch_seconds(clock_.now());
    save();
    clock_.advance(1h);
    EXPECT_EQ(svc_->sweeper().run_once(), 0u);
    EXPECT_TRUE(call("DescribeStream", {{"StreamArn", arn()}}).ok());
    clock_.advance(23h);
    const std::string gone = arn();
    EXPECT_EQ(svc_->sweeper().run_once(), 1u);
    auto r = call("DescribeStream", {{"StreamArn", gone}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "Requested resource not found: Stream: " + gone + " not found");
    EXPECT_TRUE(load_table(*db_, "Music")->streams.empty());
    auto it = db_->iterate(storage::Cf::TableItems, stream_counter_key(2),
                           storage::prefix_successor(stream_counter_key(2)));
    it.seek_to_first();
    EXPECT_FALSE(it.valid());
}

}  // namespace
}  // namespace freshet::tables
