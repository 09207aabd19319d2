// Condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators").
// Values listed for one key are ORed, keys and operators are ANDed (by the caller). A
// negated operator (StringNotEquals...) holds when no request value matches any policy
// value, so it also holds when the key is absent; a positive one does not. `...IfExists`
// holds when the key is absent; ForAllValues holds for an absent key and ForAnyValue does
// not ("Multivalued context keys").
#include <arpa/inet.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cstring>
#include <map>

#include "core/encoding.h"
#include "iam/policy/evaluate.h"
#include "iam/policy/syntax.h"
#include "iam/policy/wildcard.h"

namespace freshet::iam::policy {
namespace {

// Negated operators and the positive operator they negate.
const std::map<std::string, std::string, std::less<>> kNegations = {
    {"StringNotEquals", "StringEquals"}, {"StringNotEqualsIgnoreCase", "StringEqualsIgnoreCase"},
    {"StringNotLike", "StringLike"},     {"NumericNotEquals", "NumericEquals"},
    {"DateNotEquals", "DateEquals"},     {"NotIpAddress", "IpAddress"},
    {"ArnNotEquals", "ArnEquals"},       {"ArnNotLike", "ArnLike"}};

std::optional<double> number(std::string_view s) {
    double d = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return d;
}

// An address as 16 bytes (IPv4 mapped into IPv6, so both families compare alike).
std::optional<std::array<uint8_t, 16>> address(std::string_view text, int& bits_in_family) {
    std::string s(text);
    if (s.rfind("::ffff:", 0) == 0 && s.find('.') != std::string::npos) s = s.substr(7);
    std::array<uint8_t, 16> out{};
    in_addr v4;
    if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
        out[10] = out[11] = 0xff;
        std::memcpy(out.data() + 12, &v4, 4);
        bits_in_family = 32;
        return out;
    }
    in6_addr v6;
    if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
        std::memcpy(out.data(), &v6, 16);
        bits_in_family = 128;
        return out;
    }
    return std::nullopt;
}

// IpAddress: the request address is inside the policy's CIDR block (a bare address is /32
// or /128).
bool cidr_contains(std::string_view cidr, std::string_view ip) {
    size_t slash = cidr.find('/');
    int family_bits = 0, ip_bits = 0;
    auto net = address(cidr.substr(0, slash), family_bits);
    auto addr = address(ip, ip_bits);
    if (!net || !addr || family_bits != ip_bits) return false;
    int prefix = family_bits;
    if (slash != std::string_view::npos) {
        auto p = number(cidr.substr(slash + 1));
        if (!p || *p < 0 || *p > family_bits) return false;
        prefix = static_cast<int>(*p);
    }
    prefix += 128 - family_bits;
    for (int i = 0; i < prefix; ++i) {
        uint8_t mask = static_cast<uint8_t>(0x80 >> (i % 8));
        if (((*net)[i / 8] & mask) != ((*addr)[i / 8] & mask)) return false;
    }
    return true;
}

template <class Cmp>
bool compare_numbers(std::string_view policy, std::string_view request, Cmp cmp) {
    auto p = number(policy), r = number(request);
    return p && r && cmp(*r, *p);
}

template <class Cmp>
bool compare_dates(std::string_view policy, std::string_view request, Cmp cmp) {
    auto p = parse_policy_date(policy), r = parse_policy_date(request);
    return p && r && cmp(*r, *p);
}

// One policy value against one request value, for a positive operator.
bool positive_match(std::string_view op, std::string_view policy, std::string_view request) {
    if (op == "StringEquals" || op == "BinaryEquals") return policy == request;
    if (op == "StringEqualsIgnoreCase" || op == "Bool") return ascii_iequals(policy, request);
    if (op == "StringLike") return glob_match(policy, request);
    if (op == "ArnEquals" || op == "ArnLike") return arn_match(policy, request);
    if (op == "IpAddress") return cidr_contains(policy, request);
    if (op.rfind("Numeric", 0) == 0) {
        std::string_view how = op.substr(7);
        if (how == "Equals") return compare_numbers(policy, request, std::equal_to<>());
        if (how == "LessThan") return compare_numbers(policy, request, std::less<>());
        if (how == "LessThanEquals") return compare_numbers(policy, request, std::less_equal<>());
        if (how == "GreaterThan") return compare_numbers(policy, request, std::greater<>());
        return compare_numbers(policy, request, std::greater_equal<>());
    }
    if (op.rfind("Date", 0) == 0) {
        std::string_view how = op.substr(4);
        if (how == "Equals") return compare_dates(policy, request, std::equal_to<>());
        if (how == "LessThan") return compare_dates(policy, request, std::less<>());
        if (how == "LessThanEquals") return compare_dates(policy, request, std::less_equal<>());
        if (how == "GreaterThan") return compare_dates(policy, request, std::greater<>());
        return compare_dates(policy, request, std::greater_equal<>());
    }
    return false;
}

// The policy's values, with policy variables substituted where IAM substitutes them (string
// and ARN operators, version 2012-10-17); values whose variable is missing match nothing.
std::vector<std::string> policy_values(const ConditionClause& clause, std::string_view op,
                                       const PolicyDocument& doc, const ContextKeys& keys) {
    bool substitute =
        doc.version == "2012-10-17" && (op.rfind("String", 0) == 0 || op.rfind("Arn", 0) == 0);
    if (!substitute) return clause.values;
    std::vector<std::string> out;
    for (const auto& v : clause.values) {
        if (auto s = substitute_variables(v, keys)) out.push_back(std::move(*s));
    }
    return out;
}

}  // namespace

bool condition_holds(const ConditionClause& clause, const PolicyDocument& doc,
                     const ContextKeys& keys) {
    ConditionOperator op = split_operator(clause.op);
    const std::vector<std::string>* request = keys.find(clause.key);
    bool absent = !request || request->empty();
    if (op.base == "Null") {
        // "true": the key must be absent; "false": present.
        for (const auto& v : clause.values) {
            if (ascii_iequals(v, "true") == absent) return true;
        }
        return false;
    }
    auto neg = kNegations.find(op.base);
    const bool negated = neg != kNegations.end();
    const std::string positive = negated ? neg->second : op.base;
    if (absent) {
        if (op.if_exists || op.set == ConditionOperator::Set::All) return true;
        if (op.set == ConditionOperator::Set::Any) return false;
        return negated;
    }
    auto values = policy_values(clause, positive, doc, keys);
    auto matches = [&](const std::string& r) {
        for (const auto& p : values) {
            if (positive_match(positive, p, r)) return true;
        }
        return false;
    };
    size_t matched = 0;
    for (const auto& r : *request) matched += matches(r) ? 1 : 0;
    const size_t n = request->size();
    switch (op.set) {
        case ConditionOperator::Set::Any:
            return negated ? matched < n : matched > 0;
        case ConditionOperator::Set::All:
            return negated ? matched == 0 : matched == n;
        default:
            return negated ? matched == 0 : matched > 0;
    }
}

}  // namespace freshet::iam::policy
