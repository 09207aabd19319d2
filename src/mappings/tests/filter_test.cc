#include <gtest/gtest.h>

#include "core/encoding.h"
#include "mappings/engine/filter.h"

namespace freshet::mappings {
namespace {

StreamRecord rec(const std::string& data, const std::string& pk = "k") {
    return {"1", pk, base64_encode(data), 0, ""};
}

bool matches(const std::string& pattern, const StreamRecord& r) {
    auto f = Filter::parse(pattern);
    EXPECT_TRUE(f.ok()) << pattern;
    return keep({f.value()}, r);
}

TEST(Filter, MatchesDataAndMetadata) {
    auto r = rec(R"({"type":"click","n":5,"tags":["a","b"],"user":{"id":"u-1"}})", "p1");
    EXPECT_TRUE(matches(R"({"data":{"type":["click"]}})", r));
    EXPECT_FALSE(matches(R"({"data":{"type":["view"]}})", r));
    EXPECT_TRUE(matches(R"({"partitionKey":["p1"]})", r));
    EXPECT_TRUE(matches(R"({"data":{"tags":["b"]}})", r));
    EXPECT_TRUE(matches(R"({"data":{"user":{"id":[{"prefix":"u-"}]}}})", r));
    EXPECT_TRUE(matches(R"({"data":{"n":[{"numeric":[">",1,"<=",5]}]}})", r));
    EXPECT_FALSE(matches(R"({"data":{"n":[{"numeric":[">",5]}]}})", r));
    EXPECT_TRUE(matches(R"({"data":{"type":[{"anything-but":["view"]}]}})", r));
    EXPECT_TRUE(matches(R"({"data":{"missing":[{"exists":false}]}})", r));
    EXPECT_FALSE(matches(R"({"data":{"missing":[{"exists":true}]}})", r));
    EXPECT_TRUE(matches(R"({"data":{"type":[{"equals-ignore-case":"CLICK"}]}})", r));
    EXPECT_TRUE(matches(R"({"data":{"type":[{"suffix":"ick"}]}})", r));
}

TEST(Filter, DataThatIsNotJsonMatchesOnlyMetadataPatterns) {
    auto r = rec("plain text", "p1");
    EXPECT_FALSE(matches(R"({"data":{"type":["click"]}})", r));
    EXPECT_TRUE(matches(R"({"partitionKey":["p1"]})", r));
}

TEST(Filter, AnyFilterKeepsAndNoneKeepsAll) {
    auto a = Filter::parse(R"({"data":{"t":["a"]}})").value();
    auto b = Filter::parse(R"({"data":{"t":["b"]}})").value();
    EXPECT_TRUE(keep({a, b}, rec(R"({"t":"b"})")));
    EXPECT_FALSE(keep({a, b}, rec(R"({"t":"c"})")));
    EXPECT_TRUE(keep({}, rec("x")));
}

TEST(Filter, BadPatternsAreRefused) {
    for (const char* bad : {"", "[]", "not json", R"({"data":"x"})", R"({"data":{"t":[]}})",
                            R"({"data":{"t":[{"bogus":1}]}})"}) {
        auto f = Filter::parse(bad);
        ASSERT_FALSE(f.ok()) << bad;
        EXPECT_EQ(f.error().code, "InvalidParameterValueException");
        EXPECT_EQ(f.error().message, "Invalid filter pattern definition.");
    }
}

}  // namespace
}  // namespace freshet::mappings
