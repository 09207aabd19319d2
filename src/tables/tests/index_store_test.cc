// Secondary index entries: their storage keys order an index partition by the index's sort key
// (ties in table key order) and never mix with other partitions, indexes or tables; the
// projections keep exactly what the index projects; sparse items have no entry and wrong key
// types are refused with DynamoDB's message; Query's key ranges on an index select exactly the
// matching entries.
#include <gtest/gtest.h>

#include <algorithm>

#include "tables/api/key_condition.h"
#include "tables/expr/parser.h"
#include "tables/expr/resolve.h"
#include "tables/store/index_store.h"
#include "tables/store/item_codec.h"

namespace freshet::tables {
namespace {

AttributeValue s(std::string v) {
    return AttributeValue::string(std::move(v));
}
AttributeValue n(const char* v) {
    return AttributeValue::number(Decimal::of(v));
}

TableMeta table() {
    TableMeta t;
    t.name = "t";
    t.id = 7;
    t.hash = KeyDef{"pk", Type::S};
    t.range = KeyDef{"sk", Type::S};
    IndexDef g;
    g.name = "by_score";
    g.id = 9;
    g.hash = KeyDef{"game", Type::S};
    g.range = KeyDef{"score", Type::N};
    g.projection = "INCLUDE";
    g.non_key_attributes = {"x"};
    t.indexes.push_back(g);
    return t;
}

Item item(std::string pk, std::string sk, std::string game, const char* score) {
    return Item{{"pk", s(std::move(pk))}, {"sk", s(std::move(sk))}, {"game", s(std::move(game))},
                {"score", n(score)},      {"x", s("kept")},         {"y", s("dropped")}};
}

TEST(IndexEntries, OrderByIndexSortKeyThenTableKey) {
    TableMeta t = table();
    const IndexDef& i = t.indexes[0];
    std::vector<std::string> keys = {
        index_entry_key(t, i, item("b", "1", "g", "-5")),
        index_entry_key(t, i, item("a", "1", "g", "2")),
        index_entry_key(t, i, item("a", "2", "g", "2")),
        index_entry_key(t, i, item("b", "0", "g", "2")),
        index_entry_key(t, i, item("a", "0", "g", "10")),
    };
    EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
    // Partitions of the index, the index and the table do not interleave.
    std::string other = index_entry_key(t, i, item("a", "0", "g\x01", "-100"));
    EXPECT_LT(keys.back(), other);
    EXPECT_TRUE(keys.front().starts_with(table_prefix(9)));
    EXPECT_FALSE(
        item_key(t, project_key(t, item("a", "0", "g", "1"))).starts_with(table_prefix(9)));
}

TEST(IndexEntries, ProjectionsKeepKeysAndWhatTheIndexProjects) {
    TableMeta t = table();
    IndexDef i = t.indexes[0];
    Item full = item("a", "1", "g", "3");
    Item included = project_for_index(t, i, full);
    EXPECT_EQ(included.size(), 5u);
    EXPECT_TRUE(included.count("x"));
    EXPECT_FALSE(included.count("y"));
    i.projection = "KEYS_ONLY";
    i.non_key_attributes.clear();
    Item keys = project_for_index(t, i, full);
    EXPECT_EQ(keys.size(), 4u);
    EXPECT_FALSE(keys.count("x"));
    i.projection = "ALL";
    EXPECT_EQ(project_for_index(t, i, full), full);
}

TEST(IndexEntries, SparseItemsHaveNoEntryAndWrongTypesAreRefused) {
    TableMeta t = table();
    const IndexDef& i = t.indexes[0];
    Item sparse = item("a", "1", "g", "3");
    sparse.erase("score");
    EXPECT_FALSE(in_index(i, sparse).value());
    EXPECT_FALSE(index_entry(t, i, sparse).has_value());
    EXPECT_TRUE(check_index_keys(t, sparse).ok());
    Item wrong = item("a", "1", "g", "3");
    wrong["score"] = s("high");
    EXPECT_EQ(check_index_keys(t, wrong).error().message,
              "One or more parameter values were invalid: Type mismatch for Index Key score "
              "Expected: N Actual: S IndexName: by_score");
    Item empty = item("a", "1", "", "3");
    EXPECT_EQ(check_index_keys(t, empty).error().message,
              "One or more parameter values are not valid. A value specified for a secondary "
              "index key is not supported. The AttributeValue for a key attribute cannot contain "
              "an empty string value. IndexName: by_score, IndexKey: game");
}

KeyRange range_for(const TableMeta& t, std::string_view cond, const Item& values) {
    auto c = expr::parse_condition(cond, "KeyConditionExpression").value();
    expr::Resolver r(nullptr, &values);
    EXPECT_TRUE(r.resolve(c, "KeyConditionExpression").ok());
    return key_range(read_keys(t, &t.indexes[0]), c).value();
}

bool in(const KeyRange& r, const std::string& k) {
    return k >= r.lower && (r.upper.empty() || k < r.upper);
}

TEST(IndexEntries, KeyRangesSelectEveryTableKeyOfASortValue) {
    TableMeta t = table();
    const IndexDef& i = t.indexes[0];
    Item values{{":g", s("g")}, {":v", n("2")}};
    auto k = [&](std::string pk, const char* score) {
        return index_entry_key(t, i, item(std::move(pk), "z", "g", score));
    };
    KeyRange eq = range_for(t, "game = :g AND score = :v", values);
    EXPECT_TRUE(in(eq, k("a", "2")));
    EXPECT_TRUE(in(eq, k("zzz", "2.0")));
    EXPECT_FALSE(in(eq, k("a", "2.0001")));
    EXPECT_FALSE(in(eq, k("a", "1.9999")));
    KeyRange le = range_for(t, "game = :g AND score <= :v", values);
    EXPECT_TRUE(in(le, k("zzz", "2")));
    EXPECT_FALSE(in(le, k("a", "2.0001")));
    KeyRange gt = range_for(t, "game = :g AND score > :v", values);
    EXPECT_FALSE(in(gt, k("zzz", "2")));
    EXPECT_TRUE(in(gt, k("a", "2.0001")));
    KeyRange all = range_for(t, "game = :g", values);
    EXPECT_TRUE(in(all, k("a", "-1")));
    EXPECT_FALSE(in(all, index_entry_key(t, i, item("a", "z", "h", "1"))));
}

}  // namespace
}  // namespace freshet::tables
