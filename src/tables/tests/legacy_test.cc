// Legacy parameters become the same syntax trees as expressions: checked with DynamoDB's
// messages, then evaluated by the expression evaluator.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tables/api/legacy.h"
#include "tables/expr/evaluate.h"

namespace freshet::tables {
namespace {

namespace json = boost::json;

m::Condition condition(std::string op, std::vector<std::string> values) {
    m::Condition c;
    c.ComparisonOperator = std::move(op);
    std::vector<json::value> list;
    for (const auto& v : values) list.push_back(json::parse(v));
    if (!list.empty()) c.AttributeValueList = std::move(list);
    return c;
}

Item item_of(std::string_view text) {
    return decode_item_object(json::parse(text).as_object()).value();
}

TEST(Legacy, ConditionsTranslateAndEvaluate) {
    std::map<std::string, m::Condition> filter{
        {"n", condition("BETWEEN", {R"({"N":"1"})", R"({"N":"5"})"})},
        {"s", condition("BEGINS_WITH", {R"({"S":"ab"})"})}};
    auto c = legacy_conditions(filter, std::nullopt).value();
    ASSERT_TRUE(c.has_value());
    EXPECT_TRUE(expr::evaluate(*c, item_of(R"({"n":{"N":"3"},"s":{"S":"abc"}})")));
    EXPECT_FALSE(expr::evaluate(*c, item_of(R"({"n":{"N":"6"},"s":{"S":"abc"}})")));
    auto any = legacy_conditions(filter, std::string("OR")).value();
    EXPECT_TRUE(expr::evaluate(*any, item_of(R"({"n":{"N":"6"},"s":{"S":"abc"}})")));
    std::map<std::string, m::Condition> missing{{"x", condition("NOT_CONTAINS", {R"({"S":"a"})"})}};
    EXPECT_FALSE(expr::evaluate(*legacy_conditions(missing, std::nullopt).value(), Item{}));
}

TEST(Legacy, ConditionMessages) {
    auto error_of = [](std::string op, std::vector<std::string> values) {
        std::map<std::string, m::Condition> f{{"a", condition(op, values)}};
        auto r = legacy_conditions(f, std::nullopt);
        return r.ok() ? std::string() : r.error().message;
    };
    const std::string invalid = "One or more parameter values were invalid: ";
    EXPECT_EQ(error_of("EQ", {}),
              invalid + "Invalid number of argument(s) for the EQ ComparisonOperator");
    EXPECT_EQ(error_of("IN", {R"({"S":"a"})", R"({"N":"1"})"}),
              invalid + "AttributeValues inside AttributeValueList must be of same type");
    EXPECT_EQ(error_of("LT", {R"({"BOOL":true})"}),
              invalid + "ComparisonOperator LT is not valid for BOOL AttributeValue type");
    EXPECT_EQ(error_of("BETWEEN", {R"({"N":"5"})", R"({"N":"1"})"}),
              "The BETWEEN condition was provided a range where the lower bound is greater than "
              "the upper bound");
}

TEST(Legacy, ExpectedAndMixing) {
    m::ExpectedAttributeValue absent;
    absent.Exists = false;
    std::map<std::string, m::ExpectedAttributeValue> expected{{"a", absent}};
    auto c = legacy_expected(expected, std::nullopt).value();
    EXPECT_TRUE(expr::evaluate(*c, Item{}));
    m::ExpectedAttributeValue bad;
    bad.Exists = false;
    bad.Value = json::parse(R"({"S":"x"})");
    std::map<std::string, m::ExpectedAttributeValue> wrong{{"a", bad}};
    EXPECT_EQ(legacy_expected(wrong, std::nullopt).error().message,
              "One or more parameter values were invalid: Value cannot be used when Exists is "
              "false for Attribute: a");
    EXPECT_EQ(
        check_not_mixed({{"Expected", true}}, {{"ConditionExpression", true}}).error().message,
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}");
    EXPECT_TRUE(check_not_mixed({{"Expected", false}}, {{"ConditionExpression", true}}).ok());
}

}  // namespace
}  // namespace freshet::tables
