#include "tables/model/decimal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace freshet::tables {
namespace {

std::string norm(std::string_view s) {
    return Decimal::of(s).to_string();
}
std::string error_of(std::string_view s) {
    auto r = Decimal::parse(s);
    return r.ok() ? "" : r.error().message;
}

TEST(Decimal, NormalisesAsDynamoDbReturnsNumbers) {
    EXPECT_EQ(norm("1.50"), "1.5");
    EXPECT_EQ(norm("1e2"), "100");
    EXPECT_EQ(norm("1E-3"), "0.001");
    EXPECT_EQ(norm("-0"), "0");
    EXPECT_EQ(norm("000123.4500"), "123.45");
    EXPECT_EQ(norm(".5"), "0.5");
    EXPECT_EQ(norm("5."), "5");
    EXPECT_EQ(norm("-12.5e1"), "-125");
    EXPECT_EQ(norm("0.0e10"), "0");
    EXPECT_EQ(norm("12345678901234567890123456789012345678"),
              "12345678901234567890123456789012345678");
    EXPECT_EQ(norm("1e125"), "1" + std::string(125, '0'));
    EXPECT_EQ(norm("1e-130"), "0." + std::string(129, '0') + "1");
}

TEST(Decimal, RejectsWithDynamoDbMessages) {
    EXPECT_EQ(error_of(""), "The parameter cannot be converted to a numeric value");
    EXPECT_EQ(error_of("abc"), "The parameter cannot be converted to a numeric value: abc");
    EXPECT_EQ(error_of("1e"), "The parameter cannot be converted to a numeric value: 1e");
    EXPECT_EQ(error_of("."), "The parameter cannot be converted to a numeric value: .");
    EXPECT_EQ(error_of("1 "), "The parameter cannot be converted to a numeric value: 1 ");
    EXPECT_EQ(error_of("1e126"),
              "Number overflow. Attempting to store a number with magnitude larger than "
              "supported range");
    EXPECT_EQ(error_of("1e-131"),
              "Number underflow. Attempting to store a number with magnitude smaller than "
              "supported range");
    EXPECT_EQ(error_of("123456789012345678901234567890123456789"),
              "Attempting to store more than 38 significant digits in a Number");
    // Trailing and leading zeros are not significant.
    EXPECT_EQ(error_of("1234567890123456789012345678901234567800000"), "");
    EXPECT_EQ(Decimal::parse("9.9999999999999999999999999999999999999e125").ok(), true);
}

TEST(Decimal, ComparesExactly) {
    EXPECT_LT(Decimal::of("0.1"), Decimal::of("0.10000000000000000000000000000000000001"));
    EXPECT_EQ(Decimal::of("1.0"), Decimal::of("1"));
    EXPECT_LT(Decimal::of("-10"), Decimal::of("-9"));
    EXPECT_LT(Decimal::of("-0.123"), Decimal::of("-0.12"));
    EXPECT_LT(Decimal::of("-1"), Decimal::of("0"));
    EXPECT_LT(Decimal::of("0"), Decimal::of("1e-130"));
    EXPECT_GT(Decimal::of("100"), Decimal::of("99.999"));
}

TEST(Decimal, AddsAndSubtractsExactly) {
    auto sum = [](std::string_view a, std::string_view b) {
        return Decimal::of(a).add(Decimal::of(b)).value().to_string();
    };
    auto diff = [](std::string_view a, std::string_view b) {
        return Decimal::of(a).sub(Decimal::of(b)).value().to_string();
    };
    EXPECT_EQ(sum("0.1", "0.2"), "0.3");
    EXPECT_EQ(sum("99999999999999999999999999999999999999", "-1"),
              "99999999999999999999999999999999999998");
    EXPECT_EQ(diff("1", "1"), "0");
    EXPECT_EQ(diff("1", "1.5"), "-0.5");
    EXPECT_EQ(sum("-5", "3"), "-2");
    EXPECT_EQ(sum("1e100", "1e100"), "2" + std::string(100, '0'));
    auto over = Decimal::of("99999999999999999999999999999999999999").add(Decimal::of("0.1"));
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().message,
              "Attempting to store more than 38 significant digits in a Number");
}

TEST(Decimal, OrderKeysSortNumerically) {
    std::vector<std::string> texts = {"-1e125", "-100", "-10",    "-9.5", "-0.123",
                                      "-0.12",  "0",    "1e-130", "0.12", "0.123",
                                      "1",      "9.5",  "10",     "100",  "1e125"};
    std::mt19937 rng(7);
    for (int round = 0; round < 20; ++round) {
        auto shuffled = texts;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        std::sort(shuffled.begin(), shuffled.end(), [](const auto& a, const auto& b) {
            return Decimal::of(a).order_key() < Decimal::of(b).order_key();
        });
        EXPECT_EQ(shuffled, texts);
    }
    EXPECT_EQ(Decimal::of("1.0").order_key(), Decimal::of("1").order_key());
}

}  // namespace
}  // namespace freshet::tables
