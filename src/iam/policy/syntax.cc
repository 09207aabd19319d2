#include "iam/policy/syntax.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>

namespace freshet::iam::policy {
namespace {

// IAM's condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators").
constexpr std::array<std::string_view, 27> kOperators = {"StringEquals",
                                                         "StringNotEquals",
                                                         "StringEqualsIgnoreCase",
                                                         "StringNotEqualsIgnoreCase",
                                                         "StringLike",
                                                         "StringNotLike",
                                                         "NumericEquals",
                                                         "NumericNotEquals",
                                                         "NumericLessThan",
                                                         "NumericLessThanEquals",
                                                         "NumericGreaterThan",
                                                         "NumericGreaterThanEquals",
                                                         "DateEquals",
                                                         "DateNotEquals",
                                                         "DateLessThan",
                                                         "DateLessThanEquals",
                                                         "DateGreaterThan",
                                                         "DateGreaterThanEquals",
                                                         "Bool",
                                                         "BinaryEquals",
                                                         "IpAddress",
                                                         "NotIpAddress",
                                                         "ArnEquals",
                                                         "ArnLike",
                                                         "ArnNotEquals",
                                                         "ArnNotLike",
                                                         "Null"};

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

}  // namespace

ConditionOperator split_operator(std::string_view op) {
    ConditionOperator out;
    for (auto [prefix, set] :
         {std::pair{std::string_view("ForAnyValue:"), ConditionOperator::Set::Any},
          std::pair{std::string_view("ForAllValues:"), ConditionOperator::Set::All}}) {
        if (op.substr(0, prefix.size()) == prefix) {
            out.set = set;
            op.remove_prefix(prefix.size());
            break;
        }
    }
    constexpr std::string_view kIfExists = "IfExists";
    if (op.size() > kIfExists.size() && op.substr(op.size() - kIfExists.size()) == kIfExists) {
        out.if_exists = true;
        op.remove_suffix(kIfExists.size());
    }
    out.base = std::string(op);
    return out;
}

bool known_condition_operator(std::string_view op) {
    auto parts = split_operator(op);
    for (auto k : kOperators) {
        if (parts.base == k) return !(parts.base == "Null" && parts.if_exists);
    }
    return false;
}

std::optional<TimePoint> parse_policy_date(std::string_view s) {
    if (all_digits(s)) {
        int64_t secs = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), secs);
        if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
        return from_epoch_millis(secs * 1000);
    }
    if (s.size() == 10) return parse_iso8601(std::string(s) + "T00:00:00Z");
    if (auto t = parse_iso8601(s)) return t;
    // "2024-01-01T00:00:00" without a zone is UTC.
    return parse_iso8601(std::string(s) + "Z");
}

bool condition_values_parse(const ConditionClause& c) {
    if (split_operator(c.op).base.rfind("Date", 0) != 0) return true;
    for (const auto& v : c.values) {
        if (v.find("${") != std::string::npos) continue;  // a policy variable, known later
        if (!parse_policy_date(v)) return false;
    }
    return true;
}

std::optional<std::string> resource_format_error(std::string_view r) {
    if (r == "*") return std::nullopt;
    size_t colon = r.find(':');
    if (colon == std::string_view::npos)
        return fmt::format("Resource {} must be in ARN format or \"*\".", r);
    std::string_view rest = r.substr(colon + 1);
    size_t c2 = rest.find(':');
    std::string_view partition = rest.substr(0, c2);
    if (partition != "aws" && partition != "*") {
        return fmt::format("Partition \"{}\" is not valid for resource \"{}\".", partition, r);
    }
    if (c2 == std::string_view::npos)
        return "Resource vendor must be fully qualified and cannot contain regexes.";
    rest.remove_prefix(c2 + 1);
    size_t c3 = rest.find(':');
    std::string_view service = rest.substr(0, c3);
    std::string_view after = c3 == std::string_view::npos ? "" : rest.substr(c3 + 1);
    if (service == "iam" && !after.empty() && after[0] != ':')
        return fmt::format("IAM resource {} cannot contain region information.", r);
    if (service == "s3" && !after.empty() && after[0] != ':')
        return fmt::format("Resource {} can not contain region information.", r);
    return std::nullopt;
}

std::optional<std::string> action_format_error(std::string_view a) {
    if (a == "*") return std::nullopt;
    size_t colon = a.find(':');
    if (colon == std::string_view::npos)
        return "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    if (a.find(':', colon + 1) != std::string_view::npos)
        return "Actions/Condition can contain only one colon.";
    std::string_view vendor = a.substr(0, colon);
    if (vendor == "*") return std::nullopt;
    for (char c : vendor) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.')
            return fmt::format("Vendor {} is not valid", vendor);
    }
    return std::nullopt;
}

}  // namespace freshet::iam::policy
