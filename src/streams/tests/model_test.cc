// Pure parts of the streams module: hash keys, sequence numbers, iterators, persisted streams.
#include <gtest/gtest.h>

#include "core/encoding.h"
#include "streams/model/hash_key.h"
#include "streams/model/sequence_number.h"
#include "streams/model/shard_iterator.h"
#include "streams/model/stream.h"

namespace freshet::streams {
namespace {

TEST(HashKey, ParsesAndPrintsTheWholeRange) {
    EXPECT_EQ(to_decimal(kMaxHashKey), "340282366920938463463374607431768211455");
    EXPECT_EQ(parse_hash_key("340282366920938463463374607431768211455"), kMaxHashKey);
    EXPECT_FALSE(parse_hash_key("340282366920938463463374607431768211456"));
    EXPECT_FALSE(parse_hash_key(""));
    EXPECT_FALSE(parse_hash_key("-1"));
    EXPECT_EQ(parse_hash_key("0"), HashKey{0});
    EXPECT_EQ(to_decimal(*parse_hash_key("12345678901234567890123")), "12345678901234567890123");
}

TEST(HashKey, PartitionKeyIsBigEndianMd5) {
    // md5("a") = 0cc175b9c0f1b6a831c399e269772661
    EXPECT_EQ(to_decimal(partition_key_hash("a")), "16955237001963240173058271559858726497");
}

TEST(HashKey, SplitsLikeAws) {
    auto r = split_evenly(3);
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(to_decimal(r[0].end), "113427455640312821154458202477256070484");
    EXPECT_EQ(to_decimal(r[1].start), "113427455640312821154458202477256070485");
    EXPECT_EQ(to_decimal(r[1].end), "226854911280625642308916404954512140969");
    EXPECT_EQ(r[2].end, kMaxHashKey);
    auto one = split_evenly(1);
    EXPECT_EQ(one[0].start, HashKey{0});
    EXPECT_EQ(one[0].end, kMaxHashKey);
    auto four = split_evenly(4);
    EXPECT_EQ(four[1].start, HashKey{1} << 126);
    for (size_t n : {2, 5, 7, 64, 500}) {
        auto rs = split_evenly(n);
        for (size_t i = 1; i < rs.size(); ++i) EXPECT_EQ(rs[i].start, rs[i - 1].end + 1);
        EXPECT_EQ(rs.back().end, kMaxHashKey);
    }
}

TEST(SequenceNumber, RoundTripsAndOrdersAsNumbers) {
    SequenceNumber a{7, 3, 41}, b{7, 3, 42}, c{7, 3, 1'000'000'000'000ull};
    EXPECT_EQ(parse_sequence(format_sequence(a))->counter, 41u);
    EXPECT_EQ(parse_sequence(format_sequence(c))->shard, 3u);
    EXPECT_EQ(format_sequence(a).size(), format_sequence(c).size());
    EXPECT_LT(format_sequence(a), format_sequence(b));
    EXPECT_LT(format_sequence(b), format_sequence(c));
    SequenceNumber max{~0ull, 0xffffffffu, ~0ull};
    auto parsed = parse_sequence(format_sequence(max));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->counter, ~0ull);
    EXPECT_FALSE(parse_sequence("123"));
    EXPECT_FALSE(parse_sequence(std::string(51, '9')));
    EXPECT_FALSE(parse_sequence("4" + std::string(50, 'x')));
}

TEST(ShardIterator, RoundTripsAndRejectsTampering) {
    IteratorState it{5, 2, 99, 1'700'000'000'000, "123456789012", "us-east-1", "orders"};
    std::string text = encode_iterator("secret", it);
    auto back = decode_iterator("secret", text);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->position, 99u);
    EXPECT_EQ(back->stream_name, "orders");
    EXPECT_FALSE(decode_iterator("other secret", text));
    auto raw = *base64_decode(text);
    for (size_t i = 0; i < raw.size(); ++i) {
        std::string bad = raw;
        bad[i] ^= 0x01;
        EXPECT_FALSE(decode_iterator("secret", base64_encode(bad))) << "byte " << i;
    }
    EXPECT_FALSE(decode_iterator("secret", "garbage"));
    EXPECT_FALSE(decode_iterator("secret", ""));
    EXPECT_LE(text.size(), 512u);  // the model's maximum
    // A ListShards token is not an iterator, even with the same secret.
    EXPECT_FALSE(decode_iterator("secret", encode_shards_token("secret", {5, "orders", 1, 0})));
}

TEST(Stream, PersistedFormRoundTrips) {
    Stream s;
    s.id = 9;
    s.account = "123456789012";
    s.region = "eu-west-1";
    s.name = "orders";
    s.created_ms = 1234;
    s.retention_hours = 48;
    s.tags = {{"team", "data"}};
    for (const auto& r : split_evenly(2)) {
        Shard sh;
        sh.index = static_cast<uint32_t>(s.shards.size());
        sh.range = r;
        s.shards.push_back(sh);
    }
    s.shards[0].closed_counter = 17;
    s.shards[0].closed_ms = 99;
    s.shards[1].parent = 0;
    auto back = decode_stream(encode_stream(s));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->arn(), "arn:aws:kinesis:eu-west-1:123456789012:stream/orders");
    EXPECT_EQ(back->shards[0].closed_counter, 17u);
    EXPECT_EQ(back->shards[1].parent, 0u);
    EXPECT_EQ(back->shards[1].range.end, kMaxHashKey);
    EXPECT_EQ(back->tags.at("team"), "data");
    EXPECT_EQ(back->open_shard_count(), 1u);
    EXPECT_EQ(back->route(0), nullptr);  // shard 0 is closed
    EXPECT_EQ(back->route(kMaxHashKey)->index, 1u);
    EXPECT_FALSE(decode_stream("{}"));
    EXPECT_FALSE(decode_stream("not json"));
}

TEST(Stream, ShardIds) {
    EXPECT_EQ(shard_id(7), "shardId-000000000007");
    EXPECT_EQ(parse_shard_id("shardId-000000000007"), 7u);
    EXPECT_EQ(parse_shard_id("shardId-7"), 7u);
    EXPECT_EQ(parse_shard_id("7"), 7u);
    EXPECT_FALSE(parse_shard_id("shardId-"));
    EXPECT_FALSE(parse_shard_id("shardId-x"));
    EXPECT_FALSE(parse_shard_id("shardId-99999999999"));
}

}  // namespace
}  // namespace freshet::streams
