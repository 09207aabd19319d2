#include "tables/model/attribute_value.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace freshet::tables {
namespace {

namespace json = boost::json;

Result<AttributeValue> decode(std::string_view text) {
    json::parse_options options;
    options.max_depth = 256;
    return decode_value(json::parse(text, {}, options));
}
std::string error_of(std::string_view text) {
    auto r = decode(text);
    return r.ok() ? "" : r.error().message;
}
std::string round_trip(std::string_view text) {
    return json::serialize(encode_value(decode(text).value()));
}

TEST(AttributeValue, DecodesEveryTypeAndNormalisesNumbers) {
    EXPECT_EQ(round_trip(R"({"S":"x"})"), R"({"S":"x"})");
    EXPECT_EQ(round_trip(R"({"N":"1.50"})"), R"({"N":"1.5"})");
    EXPECT_EQ(round_trip(R"({"B":"AAE="})"), R"({"B":"AAE="})");
    EXPECT_EQ(round_trip(R"({"BOOL":false})"), R"({"BOOL":false})");
    EXPECT_EQ(round_trip(R"({"NULL":true})"), R"({"NULL":true})");
    EXPECT_EQ(round_trip(R"({"M":{"a":{"N":"01"}}})"), R"({"M":{"a":{"N":"1"}}})");
    EXPECT_EQ(round_trip(R"({"L":[{"S":""},{"NS":["1","2"]}]})"),
              R"({"L":[{"S":""},{"NS":["1","2"]}]})");
    EXPECT_EQ(round_trip(R"({"SS":["b","a"]})"), R"({"SS":["b","a"]})");
    EXPECT_EQ(decode(R"({"B":"AAE="})").value().s, std::string("\0\1", 2));
}

TEST(AttributeValue, RejectsWithDynamoDbMessages) {
    const std::string invalid = "One or more parameter values were invalid: ";
    EXPECT_EQ(
        error_of("{}"),
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    EXPECT_EQ(error_of(R"({"S":"a","N":"1"})"),
              "Supplied AttributeValue has more than one datatypes set, must contain exactly one "
              "of the supported datatypes");
    EXPECT_EQ(error_of(R"({"NULL":false})"),
              invalid + "Null attribute value types must have the value of true");
    EXPECT_EQ(error_of(R"({"SS":[]})"), invalid + "An string set  may not be empty");
    EXPECT_EQ(error_of(R"({"NS":[]})"), invalid + "An number set  may not be empty");
    EXPECT_EQ(error_of(R"({"BS":[]})"), invalid + "Binary sets should not be empty");
    EXPECT_EQ(error_of(R"({"SS":["a","a"]})"),
              invalid + "Input collection [a, a] contains duplicates.");
    EXPECT_EQ(error_of(R"({"NS":["1","1.0"]})"), "Input collection contains duplicates");
    EXPECT_EQ(error_of(R"({"N":"x"})"), "The parameter cannot be converted to a numeric value: x");
    EXPECT_EQ(error_of(R"({"L":[{"N":"1e200"}]})"),
              "Number overflow. Attempting to store a number with magnitude larger than "
              "supported range");
}

TEST(AttributeValue, Nests32LevelsWithTheTopLevel) {
    auto nested = [](int levels) {
        std::string text = R"({"S":"leaf"})";
        for (int i = 0; i < levels; ++i) text = R"({"L":[)" + text + "]}";
        return text;
    };
    EXPECT_EQ(error_of(nested(31)), "");
    EXPECT_EQ(error_of(nested(32)),
              "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
              "levels beyond supported limit");
}

TEST(AttributeValue, WrongJsonTypesGetCoralMessages) {
    EXPECT_EQ(error_of(R"({"N":5})"),
              "class java.math.BigDecimal can not be converted to an String");
    EXPECT_EQ(error_of(R"({"S":true})"),
              "class java.lang.Boolean can not be converted to an String");
    EXPECT_EQ(error_of(R"({"BOOL":"yes"})"), "'YES' can not be converted to an Boolean");
    EXPECT_EQ(error_of(R"({"M":[]})"), "Start of list found where not expected");
    EXPECT_EQ(error_of(R"({"L":{}})"), "Start of structure or map found where not expected.");
    EXPECT_EQ(decode(R"({"N":5})").error().code, "com.amazon.coral.service#SerializationException");
    EXPECT_EQ(round_trip(R"({"S":"x","N":null})"), R"({"S":"x"})");
}

TEST(AttributeValue, SetsCompareAsSets) {
    EXPECT_EQ(decode(R"({"SS":["a","b"]})").value(), decode(R"({"SS":["b","a"]})").value());
    EXPECT_EQ(decode(R"({"NS":["1","2.0"]})").value(), decode(R"({"NS":["2","1"]})").value());
    EXPECT_FALSE(decode(R"({"SS":["a"]})").value() == decode(R"({"SS":["a","b"]})").value());
    EXPECT_FALSE(decode(R"({"L":[{"S":"a"},{"S":"b"}]})").value() ==
                 decode(R"({"L":[{"S":"b"},{"S":"a"}]})").value());
    EXPECT_FALSE(decode(R"({"S":"1"})").value() == decode(R"({"N":"1"})").value());
}

TEST(AttributeValue, SizesFollowDynamoDb) {
    Item item =
        decode_item_object(json::parse(R"({"ab":{"S":"xyz"},"n":{"N":"12345"}})").as_object())
            .value();
    // "ab" + 3 bytes, "n" + 5 digits -> 3 + 1 bytes.
    EXPECT_EQ(item_size(item), 2u + 3u + 1u + 4u);
}

}  // namespace
}  // namespace freshet::tables
