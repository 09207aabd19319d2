#include "tables/model/decimal.h"

#include <algorithm>
#include <stdexcept>

#include "tables/errors.h"

namespace freshet::tables {

namespace {

constexpr size_t kMaxDigits = 38;
constexpr int32_t kMaxExponent = 126;   // below 1E+126
constexpr int32_t kMinExponent = -129;  // down to 1E-130
constexpr int32_t kExponentBias = 0x8000;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string cannot_convert(std::string_view text) {
    return "The parameter cannot be converted to a numeric value: " + std::string(text);
}

// Magnitude addition of two digit strings of equal length (most significant first).
std::string add_magnitudes(const std::string& a, const std::string& b) {
    std::string out(a.size() + 1, '0');
    int carry = 0;
    for (size_t i = a.size(); i-- > 0;) {
        int d = (a[i] - '0') + (b[i] - '0') + carry;
        out[i + 1] = static_cast<char>('0' + d % 10);
        carry = d / 10;
    }
    out[0] = static_cast<char>('0' + carry);
    return out;
}

// a - b for equal-length digit strings with a >= b.
std::string sub_magnitudes(const std::string& a, const std::string& b) {
    std::string out(a.size(), '0');
    int borrow = 0;
    for (size_t i = a.size(); i-- > 0;) {
        int d = (a[i] - '0') - (b[i] - '0') - borrow;
        borrow = d < 0 ? 1 : 0;
        out[i] = static_cast<char>('0' + (d + 10) % 10);
    }
    return out;
}

}  // namespace

Result<Decimal> Decimal::parse(std::string_view text) {
    // Syntax: -?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?, as DynamoDB accepts it.
    if (text.empty())
        return validation_error("The parameter cannot be converted to a numeric value");
    size_t i = 0;
    Decimal d;
    if (text[i] == '-') d.negative_ = true, ++i;
    std::string all;
    int64_t point = 0;
    size_t int_digits = 0, frac_digits = 0;
    while (i < text.size() && is_digit(text[i])) all += text[i++], ++int_digits;
    point = static_cast<int64_t>(int_digits);
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && is_digit(text[i])) all += text[i++], ++frac_digits;
    }
    if (int_digits + frac_digits == 0) return validation_error(cannot_convert(text));
    int64_t exp = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
        if (i == text.size()) return validation_error(cannot_convert(text));
        while (i < text.size() && is_digit(text[i])) {
            exp = std::min<int64_t>(exp * 10 + (text[i++] - '0'), 1'000'000);
        }
        if (exp_negative) exp = -exp;
    }
    if (i != text.size()) return validation_error(cannot_convert(text));
    size_t lead = all.find_first_not_of('0');
    if (lead == std::string::npos) return Decimal{};  // zero, whatever its sign or exponent
    all.erase(0, lead);
    point -= static_cast<int64_t>(lead);
    all.erase(all.find_last_not_of('0') + 1);
    int64_t e = point + exp;
    d.digits_ = std::move(all);
    d.exponent_ = static_cast<int32_t>(std::clamp<int64_t>(e, -2'000'000, 2'000'000));
    return d.checked();
}

Result<Decimal> Decimal::checked() const {
    if (is_zero()) return *this;
    if (exponent_ > kMaxExponent) {
        return validation_error(
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
    }
    if (exponent_ < kMinExponent) {
        return validation_error(
            "Number underflow. Attempting to store a number with magnitude smaller than "
            "supported range");
    }
    if (digits_.size() > kMaxDigits) {
        return validation_error("Attempting to store more than 38 significant digits in a Number");
    }
    return *this;
}

Decimal Decimal::of(std::string_view text) {
    auto r = parse(text);
    if (!r.ok()) throw std::invalid_argument("not a DynamoDB number: " + std::string(text));
    return std::move(r).value();
}

std::string Decimal::to_string() const {
    if (is_zero()) return "0";
    std::string out = negative_ ? "-" : "";
    const auto n = static_cast<int32_t>(digits_.size());
    if (exponent_ <= 0) {
        out += "0." + std::string(static_cast<size_t>(-exponent_), '0') + digits_;
    } else if (exponent_ >= n) {
        out += digits_ + std::string(static_cast<size_t>(exponent_ - n), '0');
    } else {
        out += digits_.substr(0, exponent_) + "." + digits_.substr(exponent_);
    }
    return out;
}

Decimal Decimal::negated() const {
    Decimal d = *this;
    if (!d.is_zero()) d.negative_ = !d.negative_;
    return d;
}

Result<Decimal> Decimal::sub(const Decimal& other) const {
    return add(other.negated());
}

Result<Decimal> Decimal::add(const Decimal& other) const {
    if (is_zero()) return other.checked();
    if (other.is_zero()) return checked();
    // Align both on the lower of their least significant positions.
    const int64_t low_a = exponent_ - static_cast<int64_t>(digits_.size());
    const int64_t low_b = other.exponent_ - static_cast<int64_t>(other.digits_.size());
    const int64_t scale = std::min(low_a, low_b);
    std::string a = digits_ + std::string(static_cast<size_t>(low_a - scale), '0');
    std::string b = other.digits_ + std::string(static_cast<size_t>(low_b - scale), '0');
    const size_t width = std::max(a.size(), b.size());
    a.insert(0, width - a.size(), '0');
    b.insert(0, width - b.size(), '0');
    Decimal r;
    std::string mag;
    if (negative_ == other.negative_) {
        mag = add_magnitudes(a, b);
        r.negative_ = negative_;
    } else if (a >= b) {
        mag = sub_magnitudes(a, b);
        r.negative_ = negative_;
    } else {
        mag = sub_magnitudes(b, a);
        r.negative_ = other.negative_;
    }
    size_t lead = mag.find_first_not_of('0');
    if (lead == std::string::npos) return Decimal{};
    mag.erase(0, lead);
    r.exponent_ = static_cast<int32_t>(static_cast<int64_t>(mag.size()) + scale);
    mag.erase(mag.find_last_not_of('0') + 1);
    r.digits_ = std::move(mag);
    return r.checked();
}

std::strong_ordering Decimal::operator<=>(const Decimal& other) const {
    auto sign = [](const Decimal& d) { return d.is_zero() ? 0 : (d.negative_ ? -1 : 1); };
    const int sa = sign(*this), sb = sign(other);
    if (sa != sb) return sa <=> sb;
    if (sa == 0) return std::strong_ordering::equal;
    std::strong_ordering mag = exponent_ != other.exponent_ ? exponent_ <=> other.exponent_
                                                            : digits_.compare(other.digits_) <=> 0;
    return sa > 0 ? mag : 0 <=> mag;
}

std::string Decimal::order_key() const {
    // 0x01 negatives < 0x02 zero < 0x03 positives. Positives: biased exponent, big endian, then
    // the digits (a shorter digit string that is a prefix sorts first, as the value does).
    // Negatives: everything inverted, and a 0xFF terminator so that -0.12 sorts after -0.123.
    if (is_zero()) return std::string(1, '\x02');
    const auto be = static_cast<uint16_t>(exponent_ + kExponentBias);
    std::string out;
    if (!negative_) {
        out = {'\x03', static_cast<char>(be >> 8), static_cast<char>(be & 0xFF)};
        out += digits_;
        return out;
    }
    const auto inv = static_cast<uint16_t>(0xFFFF - be);
    out = {'\x01', static_cast<char>(inv >> 8), static_cast<char>(inv & 0xFF)};
    for (char c : digits_) out += static_cast<char>('9' - c + '0');
    out += '\xFF';
    return out;
}

}  // namespace freshet::tables
