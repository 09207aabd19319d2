// The pure parts: PutLogEvents' batch rules, the filter pattern subset, and the token formats.
#include <gtest/gtest.h>

#include "logs/api/common.h"
#include "logs/model/batch_rules.h"
#include "logs/model/filter_pattern.h"

namespace freshet::logs {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;
constexpr int64_t kDay = 86'400'000;

TEST(BatchRules, AcceptsAnOrderedBatch) {
    auto v = check_batch({{kNow - 1000, 5}, {kNow - 1000, 5}, {kNow, 5}}, kNow, 0);
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->accepted_begin, 0u);
    EXPECT_EQ(v->accepted_end, 3u);
    EXPECT_FALSE(v->too_old_end || v->expired_end || v->too_new_start);
}

TEST(BatchRules, RejectsOutOfOrderEvents) {
    auto v = check_batch({{kNow, 1}, {kNow - 1, 1}}, kNow, 0);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, "InvalidParameterException");
    EXPECT_EQ(v.error().message,
              "Log events in a single PutLogEvents request must be in chronological order.");
}

TEST(BatchRules, CountsTwentySixBytesPerEvent) {
    // 1,048,576 = 2 * (524,262 + 26): exactly at the limit passes, one byte more fails.
    EXPECT_TRUE(check_batch({{kNow, 524'262}, {kNow, 524'262}}, kNow, 0).ok());
    auto v = check_batch({{kNow, 524'262}, {kNow, 524'263}}, kNow, 0);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().message, "Upload too large: 1048577 bytes exceeds limit of 1048576");
}

TEST(BatchRules, ReportsTooOldExpiredAndTooNewEvents) {
    auto v = check_batch(
        {{kNow - 15 * kDay, 1}, {kNow - 10 * kDay, 1}, {kNow - 1000, 1}, {kNow + 3 * 3'600'000, 1}},
        kNow, 7);
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->too_old_end, 1);
    EXPECT_EQ(v->expired_end, 2);
    EXPECT_EQ(v->too_new_start, 3);
    EXPECT_EQ(v->accepted_begin, 2u);
    EXPECT_EQ(v->accepted_end, 3u);
}

TEST(BatchRules, TwoHoursAheadIsStillAccepted) {
    auto v = check_batch({{kNow + kMaxFutureMs, 1}}, kNow, 0);
    ASSERT_TRUE(v.ok());
    EXPECT_FALSE(v->too_new_start);
}

TEST(FilterPattern, TermsMustAllOccur) {
    auto p = FilterPattern::parse("ERROR timeout");
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p->matches("ERROR: timeout after 3s"));
    EXPECT_FALSE(p->matches("ERROR: refused"));
    EXPECT_FALSE(p->matches("error: timeout"));  // case sensitive
}

TEST(FilterPattern, QuotedPhrasesExclusionsAndAlternatives) {
    auto p = FilterPattern::parse(R"("Task timed out" -DEBUG)");
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p->matches("x Task timed out after 3.00 seconds"));
    EXPECT_FALSE(p->matches("Task timed out DEBUG"));
    EXPECT_FALSE(p->matches("Task out timed"));
    auto q = FilterPattern::parse("?ERROR ?WARN");
    ASSERT_TRUE(q.ok());
    EXPECT_TRUE(q->matches("WARN disk"));
    EXPECT_TRUE(q->matches("ERROR disk"));
    EXPECT_FALSE(q->matches("INFO disk"));
}

TEST(FilterPattern, EmptyMatchesEverything) {
    auto p = FilterPattern::parse("  ");
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p->matches(""));
    EXPECT_TRUE(p->matches("anything"));
}

TEST(FilterPattern, RejectsWhatItDoesNotImplement) {
    for (const char* text : {R"({ $.level = "error" })", "[ip, user]", "%ERR.*%", "\"open"}) {
        auto p = FilterPattern::parse(text);
        ASSERT_FALSE(p.ok()) << text;
        EXPECT_EQ(p.error().code, "InvalidParameterException");
    }
}

TEST(Tokens, PositionTokensHaveAwsShapeAndRoundTrip) {
    std::string t = position_token('f', {1'700'000'000'123, 42});
    EXPECT_EQ(t.size(), 58u);
    EXPECT_EQ(t.substr(0, 2), "f/");
    auto p = parse_position_token(t);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->first, 'f');
    EXPECT_EQ(p->second.timestamp_ms, 1'700'000'000'123);
    EXPECT_EQ(p->second.seq, 42u);
    EXPECT_FALSE(parse_position_token("f/123"));
    EXPECT_FALSE(parse_position_token("x" + t.substr(1)));
}

TEST(Tokens, PageTokensAreBoundToTheirKind) {
    auto t = page_token("groups", "abc");
    EXPECT_EQ(parse_page_token("groups", t), "abc");
    EXPECT_FALSE(parse_page_token("filter", t));
    EXPECT_FALSE(parse_page_token("groups", "!!"));
}

TEST(GroupNames, AcceptNamesAndArns) {
    EXPECT_EQ(*group_name_of(std::nullopt, "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f:*"),
              "/aws/lambda/f");
    EXPECT_EQ(*group_name_of(std::nullopt, "arn:aws:logs:us-east-1:1:log-group:g"), "g");
    EXPECT_EQ(*group_name_of(std::nullopt, "plain"), "plain");
    EXPECT_EQ(*group_name_of(std::string("name"), "other"), "name");
    EXPECT_FALSE(group_name_of(std::nullopt, std::nullopt).ok());
}

}  // namespace
}  // namespace freshet::logs
