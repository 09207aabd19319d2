// Storage keys of items: byte order equals DynamoDB's order within a partition, partitions
// and tables never interleave, and Query's key ranges select exactly the matching items.
#include <gtest/gtest.h>

#include <algorithm>

#include "tables/api/key_condition.h"
#include "tables/expr/parser.h"
#include "tables/expr/resolve.h"
#include "tables/store/item_codec.h"

namespace freshet::tables {
namespace {

TableMeta table_of(Type range_type, uint64_t id = 7) {
    TableMeta t;
    t.name = "t";
    t.id = id;
    t.hash = KeyDef{"pk", Type::S};
    t.range = KeyDef{"sk", range_type};
    return t;
}

Item key_of(const TableMeta& t, AttributeValue sk, std::string pk = "p") {
    return Item{{"pk", AttributeValue::string(std::move(pk))}, {t.range->name, std::move(sk)}};
}

TEST(ItemKeys, SortKeysOrderAsDynamoDb) {
    TableMeta t = table_of(Type::B);
    std::vector<std::string> blobs = {
        std::string("\0", 1), std::string("\0\0", 2), "\x01", "\x7f\x80", "\xff", "\xff\xff"};
    std::vector<std::string> keys;
    for (const auto& b : blobs) keys.push_back(item_key(t, key_of(t, AttributeValue::binary(b))));
    EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
    TableMeta n = table_of(Type::N);
    std::vector<std::string> nums;
    for (auto text : {"-100", "-1.5", "0", "0.25", "3", "20"}) {
        nums.push_back(item_key(n, key_of(n, AttributeValue::number(Decimal::of(text)))));
    }
    EXPECT_TRUE(std::is_sorted(nums.begin(), nums.end()));
}

TEST(ItemKeys, PartitionsAndTablesDoNotInterleave) {
    TableMeta t = table_of(Type::S);
    std::string a_last = item_key(t, key_of(t, AttributeValue::string("\xff\xff"), "a"));
    std::string ab_first = item_key(t, key_of(t, AttributeValue::string("\x01"), "ab"));
    EXPECT_LT(a_last, ab_first);
    EXPECT_TRUE(a_last.starts_with(partition_prefix(t, AttributeValue::string("a"))));
    EXPECT_FALSE(ab_first.starts_with(partition_prefix(t, AttributeValue::string("a"))));
    TableMeta other = table_of(Type::S, 8);
    EXPECT_LT(a_last, table_prefix(8));
    EXPECT_TRUE(
        item_key(other, key_of(other, AttributeValue::string("x"))).starts_with(table_prefix(8)));
}

KeyRange range_for(const TableMeta& t, std::string_view cond, const Item& values) {
    auto c = expr::parse_condition(cond, "KeyConditionExpression").value();
    expr::Resolver r(nullptr, &values);
    EXPECT_TRUE(r.resolve(c, "KeyConditionExpression").ok());
    return key_range(read_keys(t, nullptr), c).value();
}

bool in(const KeyRange& r, const std::string& k) {
    return k >= r.lower && (r.upper.empty() || k < r.upper);
}

TEST(KeyRanges, BeginsWithSelectsExactlyTheExtensions) {
    TableMeta t = table_of(Type::S);
    Item values{{":p", AttributeValue::string("p")},
                {":b", AttributeValue::string(std::string("a\0", 2))}};
    KeyRange r = range_for(t, "pk = :p AND begins_with(sk, :b)", values);
    auto k = [&](std::string s) { return item_key(t, key_of(t, AttributeValue::string(s))); };
    EXPECT_TRUE(in(r, k(std::string("a\0", 2))));
    EXPECT_TRUE(in(r, k(std::string("a\0z", 3))));
    EXPECT_FALSE(in(r, k("a")));
    EXPECT_FALSE(in(r, k("a\x01")));
    EXPECT_FALSE(in(r, item_key(t, key_of(t, AttributeValue::string(std::string("a\0", 2)), "q"))));
}

TEST(KeyRanges, ComparisonsAreExact) {
    TableMeta t = table_of(Type::N);
    auto num = [](const char* s) { return AttributeValue::number(Decimal::of(s)); };
    Item values{{":p", AttributeValue::string("p")}, {":v", num("2")}};
    auto k = [&](const char* s) { return item_key(t, key_of(t, num(s))); };
    KeyRange lt = range_for(t, "pk = :p AND sk < :v", values);
    EXPECT_TRUE(in(lt, k("1.999")));
    EXPECT_FALSE(in(lt, k("2")));
    KeyRange le = range_for(t, "pk = :p AND sk <= :v", values);
    EXPECT_TRUE(in(le, k("2.0")));
    EXPECT_FALSE(in(le, k("2.0001")));
    KeyRange gt = range_for(t, ":v < sk AND pk = :p", values);
    EXPECT_FALSE(in(gt, k("2")));
    EXPECT_TRUE(in(gt, k("2.0001")));
}

TEST(ItemCodec, RoundTripsAndValidatesKeys) {
    TableMeta t = table_of(Type::N);
    Item item = key_of(t, AttributeValue::number(Decimal::of("1.50")));
    item.emplace("x", AttributeValue::boolean_value(false));
    EXPECT_EQ(decode_stored_item(encode_stored_item(item)), item);
    Item missing{{"pk", AttributeValue::string("p")}};
    EXPECT_EQ(key_of_item(t, missing).error().message,
              "One or more parameter values were invalid: Missing the key sk in the item");
    EXPECT_EQ(check_key(t, item).error().message,
              "The provided key element does not match the schema");
}

}  // namespace
}  // namespace freshet::tables
