// Decimal: DynamoDB's Number type, exact. A number is a sign, its significant digits (no
// leading or trailing zeros) and an exponent: value = 0.d1d2...dn x 10^exponent. Zero has no
// digits. No binary floating point anywhere: DynamoDB compares and adds numbers exactly.
//
// Limits (DynamoDB's): at most 38 significant digits; magnitude from 1E-130 to below 1E+126.
// Text form on output is DynamoDB's: plain notation, no exponent, no trailing zeros after the
// point, "-0" is "0" ("1.50" -> "1.5", "1e2" -> "100").
//
// Thread safety: a plain value.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace freshet::tables {

class Decimal {
  public:
    Decimal() = default;  // zero

    // Parses DynamoDB's number syntax ("-12.5", ".5", "1e3", "1E-3"), checking the limits with
    // DynamoDB's ValidationException messages.
    static Result<Decimal> parse(std::string_view text);
    // For tests and trusted input; throws std::invalid_argument when `text` is not a number.
    static Decimal of(std::string_view text);

    bool is_zero() const { return digits_.empty(); }
    bool negative() const { return negative_; }
    const std::string& digits() const { return digits_; }
    int32_t exponent() const { return exponent_; }

    // DynamoDB's output form.
    std::string to_string() const;

    // Exact sum and difference; fails with DynamoDB's messages when the result leaves the
    // range or needs more than 38 significant digits.
    Result<Decimal> add(const Decimal& other) const;
    Result<Decimal> sub(const Decimal& other) const;
    Decimal negated() const;

    std::strong_ordering operator<=>(const Decimal& other) const;
    bool operator==(const Decimal& other) const = default;

    // An order-preserving byte string: memcmp order equals numeric order (for storage keys).
    std::string order_key() const;

  private:
    Result<Decimal> checked() const;

    bool negative_ = false;
    std::string digits_;
    int32_t exponent_ = 0;
};

}  // namespace freshet::tables
