// The expression passes one by one: parse (syntax and function shapes), resolve (names,
// values, reserved words, unused placeholders), evaluate (conditions, projections) and apply
// (update expressions).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tables/expr/evaluate.h"
#include "tables/expr/parser.h"
#include "tables/expr/reserved_words.h"
#include "tables/expr/resolve.h"
#include "tables/expr/update.h"

namespace freshet::tables::expr {
namespace {

namespace json = boost::json;

Item item_of(std::string_view text) {
    return decode_item_object(json::parse(text).as_object()).value();
}

struct Fixture {
    std::map<std::string, std::string> names;
    Item values;
};

// Parses, resolves and checks a condition; returns the error message or "".
std::string prepare(std::string_view text, const Fixture& f, Condition& out) {
    auto c = parse_condition(text, "ConditionExpression");
    if (!c.ok()) return c.error().message;
    out = std::move(c).value();
    Resolver r(f.names.empty() ? nullptr : &f.names, f.values.empty() ? nullptr : &f.values);
    if (auto res = r.resolve(out, "ConditionExpression"); !res.ok()) return res.error().message;
    if (auto res = check(out, "ConditionExpression"); !res.ok()) return res.error().message;
    if (auto res = r.check_unused(); !res.ok()) return res.error().message;
    return "";
}

bool holds(std::string_view text, std::string_view item, const Fixture& f = {}) {
    Condition c;
    std::string err = prepare(text, f, c);
    EXPECT_EQ(err, "") << text;
    return evaluate(c, item_of(item));
}

std::string error_of(std::string_view text, const Fixture& f = {}) {
    Condition c;
    return prepare(text, f, c);
}

const Fixture kValues{{{"#n", "name"}},
                      item_of(R"({":one":{"N":"1"},":two":{"N":"2"},":s":{"S":"ab"},
                                  ":t":{"S":"N"},":x":{"S":"x"}})")};

TEST(ExprParse, SyntaxErrorsNameTheToken) {
    EXPECT_EQ(error_of("a ="),
              "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
    EXPECT_EQ(error_of("a = = b"),
              "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= =\"");
    EXPECT_EQ(error_of(""), "Invalid ConditionExpression: The expression can not be empty;");
    EXPECT_EQ(error_of("a = b $"),
              "Invalid ConditionExpression: Syntax error; token: \"$\", near: \"b $\"");
}

TEST(ExprParse, FunctionShapes) {
    EXPECT_EQ(error_of("foo(a)"),
              "Invalid ConditionExpression: Invalid function name; function: foo");
    EXPECT_EQ(error_of("attribute_exists(a, b)"),
              "Invalid ConditionExpression: Incorrect number of operands for operator or "
              "function; operator or function: attribute_exists, number of operands: 2");
    EXPECT_EQ(error_of("size(a)"),
              "Invalid ConditionExpression: The function is not allowed to be used this way in "
              "an expression; function: size");
    EXPECT_EQ(error_of("attribute_exists(a) = b"),
              "Invalid ConditionExpression: The function is not allowed to be used this way in "
              "an expression; function: attribute_exists");
}

TEST(ExprParse, DynamoDbLimits) {
    std::string big(4097, ' ');
    big.replace(0, 6, "a = :v");
    EXPECT_EQ(error_of(big),
              "Invalid ConditionExpression: Expression size has exceeded the "
              "maximum allowed size; expression size: 4097");
    std::string many = "a = :v";
    for (int i = 0; i < 150; ++i) many += " OR a = :v";
    EXPECT_EQ(error_of(many),
              "Invalid ConditionExpression: The expression contains too many "
              "operators; operator count: 301");
}

TEST(ExprResolve, NamesValuesAndReservedWords) {
    EXPECT_EQ(error_of("#m = :one", kValues),
              "Invalid ConditionExpression: An expression attribute name used in the document "
              "path is not defined; attribute name: #m");
    EXPECT_EQ(error_of("a = :nope", kValues),
              "Invalid ConditionExpression: An expression attribute value used in expression is "
              "not defined; attribute value: :nope");
    EXPECT_EQ(error_of("name = :one", kValues),
              "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
              "keyword: name");
    EXPECT_EQ(error_of("#n = :one", kValues),
              "Value provided in ExpressionAttributeValues unused in expressions: keys: {:s, "
              ":t, :two, :x}");
    EXPECT_TRUE(is_reserved_word("Status"));
    EXPECT_FALSE(is_reserved_word("pk"));
}

TEST(ExprCheck, StaticOperandChecks) {
    Fixture f{{}, item_of(R"({":a":{"N":"5"},":b":{"N":"1"},":s":{"S":"q"}})")};
    EXPECT_EQ(error_of("x BETWEEN :a AND :b", f),
              "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be "
              "greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, "
              "upper bound operand: AttributeValue: {N:1}");
    Fixture g{{}, item_of(R"({":t":{"S":"Q"}})")};
    EXPECT_EQ(error_of("attribute_type(a, :t)", g),
              "Invalid ConditionExpression: Invalid attribute type name found; type: Q, valid "
              "types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
}

TEST(ExprEvaluate, ComparisonsFunctionsAndPrecedence) {
    const char* item = R"({"a":{"N":"1"},"s":{"S":"abc"},"l":{"L":[{"N":"2"},{"S":"x"}]},
                           "m":{"M":{"k":{"SS":["x","y"]}}},"name":{"S":"n"}})";
    Fixture f{
        {},
        item_of(
            R"({":one":{"N":"1.0"},":two":{"N":"2"},":s":{"S":"ab"},":x":{"S":"x"},":t":{"S":"N"}})")};
    auto with = [&](std::initializer_list<std::string> used) {
        Fixture g{f.names, {}};
        for (const auto& k : used) {
            if (!k.empty()) g.values.emplace(k, f.values.at(k));
        }
        return g;
    };
    EXPECT_TRUE(holds("a = :one", item, with({":one"})));
    EXPECT_TRUE(holds("a < :two AND l[0] = :two", item, with({":two"})));
    EXPECT_TRUE(holds("begins_with(s, :s)", item, with({":s"})));
    EXPECT_TRUE(holds("contains(m.k, :x) AND contains(l, :x)", item, with({":x"})));
    EXPECT_TRUE(holds("size(l) = :two AND attribute_type(a, :t)", item, with({":two", ":t"})));
    EXPECT_TRUE(holds("a BETWEEN :one AND :two", item, with({":one", ":two"})));
    EXPECT_TRUE(holds("a IN (:two, :one)", item, with({":one", ":two"})));
    EXPECT_TRUE(holds("attribute_not_exists(zz) AND attribute_exists(m.k)", item, with({""})));
    // NOT binds tighter than AND, AND tighter than OR.
    EXPECT_TRUE(holds("a = :two OR a = :one AND NOT a = :two", item, with({":one", ":two"})));
    EXPECT_FALSE(holds("(a = :two OR a = :one) AND a = :two", item, with({":one", ":two"})));
    // Mismatched types are simply false; "<>" with a missing attribute is true.
    EXPECT_FALSE(holds("s < :two", item, with({":two"})));
    EXPECT_TRUE(holds("absent <> :two", item, with({":two"})));
    Fixture named{{{"#n", "name"}}, {}};
    EXPECT_TRUE(holds("#n = #n", item, named));
}

TEST(ExprProjection, KeepsNestedStructure) {
    auto p = parse_projection("a, m.k, l[1]").value();
    Resolver r(nullptr, nullptr);
    ASSERT_TRUE(r.resolve(p).ok());
    Item item = item_of(R"({"a":{"N":"1"},"b":{"N":"2"},"m":{"M":{"k":{"S":"v"},"z":{"S":"w"}}},
                            "l":{"L":[{"N":"0"},{"N":"1"}]}})");
    EXPECT_EQ(json::serialize(encode_item_object(project(item, p))),
              R"({"a":{"N":"1"},"l":{"L":[{"N":"1"}]},"m":{"M":{"k":{"S":"v"}}}})");
}

Result<Item> updated(std::string_view text, std::string_view item, std::string_view values) {
    FRESHET_TRY(u, parse_update(text));
    Item vals = item_of(values);
    Resolver r(nullptr, &vals);
    FRESHET_CHECK(r.resolve(u));
    FRESHET_CHECK(check(u));
    FRESHET_CHECK(r.check_unused());
    Item out = item_of(item);
    std::vector<Path> touched;
    FRESHET_CHECK(apply(u, out, touched));
    return out;
}

std::string updated_text(std::string_view text, std::string_view item, std::string_view values) {
    auto r = updated(text, item, values);
    return r.ok() ? json::serialize(encode_item_object(r.value())) : r.error().message;
}

TEST(ExprUpdate, SetRemoveAddDelete) {
    EXPECT_EQ(updated_text("SET a = a + :v, b = if_not_exists(b, :v) REMOVE c",
                           R"({"a":{"N":"0.1"},"c":{"S":"x"}})", R"({":v":{"N":"0.2"}})"),
              R"({"a":{"N":"0.3"},"b":{"N":"0.2"}})");
    EXPECT_EQ(
        updated_text("SET l = list_append(l, :l), m.k = :l",
                     R"({"l":{"L":[{"N":"1"}]},"m":{"M":{}}})", R"({":l":{"L":[{"N":"2"}]}})"),
        R"({"l":{"L":[{"N":"1"},{"N":"2"}]},"m":{"M":{"k":{"L":[{"N":"2"}]}}}})");
    EXPECT_EQ(
        updated_text("ADD n :one, s :ss DELETE d :dd", R"({"s":{"SS":["a"]},"d":{"SS":["x"]}})",
                     R"({":one":{"N":"1"},":ss":{"SS":["b","a"]},":dd":{"SS":["x"]}})"),
        R"({"n":{"N":"1"},"s":{"SS":["a","b"]}})");
    EXPECT_EQ(updated_text("REMOVE l[0]", R"({"l":{"L":[{"N":"1"},{"N":"2"}]}})", "{}"),
              R"({"l":{"L":[{"N":"2"}]}})");
}

TEST(ExprUpdate, ErrorsWithDynamoDbMessages) {
    EXPECT_EQ(updated_text("SET a = b", "{}", "{}"),
              "The provided expression refers to an attribute that does not exist in the item");
    EXPECT_EQ(updated_text("SET a = :s + :s", "{}", R"({":s":{"S":"x"}})"),
              "An operand in the update expression has an incorrect data type");
    EXPECT_EQ(updated_text("SET a.b = :s", "{}", R"({":s":{"S":"x"}})"),
              "The document path provided in the update expression is invalid for update");
    EXPECT_EQ(updated_text("SET a = :s REMOVE a.b", "{}", R"({":s":{"S":"x"}})"),
              "Invalid UpdateExpression: Two document paths overlap with each other; must remove "
              "or rewrite one of these paths; path one: [a], path two: [a, b]");
    EXPECT_EQ(updated_text("ADD a :s", "{}", R"({":s":{"S":"x"}})"),
              "Invalid UpdateExpression: Incorrect operand type for operator or function; "
              "operator: ADD, operand type: STRING");
    EXPECT_EQ(updated_text("SET a = :s SET b = :s", "{}", R"({":s":{"S":"x"}})"),
              "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
              "expression;");
}

}  // namespace
}  // namespace freshet::tables::expr
