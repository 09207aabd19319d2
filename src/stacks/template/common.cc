#include "stacks/template/common.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace freshet::stacks {

ApiError template_error(std::string message) {
    return ApiError{"ValidationError", std::move(message), 400};
}

namespace {

// Java's Double.toString: plain notation with at least one fraction digit for magnitudes in
// [1e-3, 1e7), otherwise d.dddE<exp>. Digits are the shortest that round-trip, as Java's.
std::string java_double(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
    std::array<char, 64> buf{};
    auto r = std::to_chars(buf.data(), buf.data() + buf.size(), d, std::chars_format::scientific);
    std::string sci(buf.data(), r.ptr);  // "-1.2345e+10"
    std::string sign;
    if (sci[0] == '-') {
        sign = "-";
        sci.erase(0, 1);
    }
    auto e = sci.find('e');
    int exp = std::stoi(sci.substr(e + 1));
    std::string digits = sci.substr(0, e);
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    double mag = std::fabs(d);
    if (mag >= 1e-3 && mag < 1e7) {
        std::string out;
        if (exp >= 0) {
            std::string intpart = digits.substr(0, std::min<size_t>(digits.size(), exp + 1));
            while (static_cast<int>(intpart.size()) < exp + 1) intpart += '0';
            std::string frac =
                digits.size() > static_cast<size_t>(exp + 1) ? digits.substr(exp + 1) : "0";
            out = intpart + "." + frac;
        } else {
            out = "0." + std::string(-exp - 1, '0') + digits;
        }
        return sign + out;
    }
    std::string frac = digits.size() > 1 ? digits.substr(1) : "0";
    return sign + digits.substr(0, 1) + "." + frac + "E" + std::to_string(exp);
}

}  // namespace

std::optional<std::string> scalar_string(const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::string:
            return std::string(v.get_string());
        case boost::json::kind::int64:
            return std::to_string(v.get_int64());
        case boost::json::kind::uint64:
            return std::to_string(v.get_uint64());
        case boost::json::kind::double_:
            return java_double(v.get_double());
        case boost::json::kind::bool_:
            return v.get_bool() ? "true" : "false";
        default:
            return std::nullopt;
    }
}

std::string bracket_list(const std::vector<std::string>& names) {
    std::string out = "[";
    for (size_t i = 0; i < names.size(); ++i) {
        if (i) out += ", ";
        out += names[i];
    }
    return out + "]";
}

std::vector<SubPart> split_sub(std::string_view s) {
    std::vector<SubPart> parts;
    auto literal = [&](std::string_view text) {
        if (text.empty()) return;
        if (parts.empty() || parts.back().variable) parts.push_back({false, ""});
        parts.back().text += text;
    };
    size_t pos = 0;
    while (pos < s.size()) {
        size_t open = s.find("${", pos);
        if (open == std::string_view::npos) break;
        size_t close = s.find('}', open + 2);
        if (close == std::string_view::npos) break;  // an unclosed ${ is plain text
        literal(s.substr(pos, open - pos));
        std::string_view inner = s.substr(open + 2, close - open - 2);
        if (!inner.empty() && inner[0] == '!') {
            literal("${");
            literal(inner.substr(1));
            literal("}");
        } else {
            while (!inner.empty() && inner.front() == ' ') inner.remove_prefix(1);
            while (!inner.empty() && inner.back() == ' ') inner.remove_suffix(1);
            parts.push_back({true, std::string(inner)});
        }
        pos = close + 1;
    }
    literal(s.substr(pos));
    return parts;
}

bool is_pseudo_parameter(std::string_view name) {
    static constexpr std::array<std::string_view, 8> kNames = {
        "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",   "AWS::Partition",
        "AWS::Region",    "AWS::StackId",          "AWS::StackName", "AWS::URLSuffix"};
    for (auto n : kNames)
        if (n == name) return true;
    return false;
}

}  // namespace freshet::stacks
