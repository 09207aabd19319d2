// The lexical rules of policy elements, shared by the parser and the evaluator: condition
// operator names, date values, resource ARNs and action names. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "iam/policy/document.h"

namespace freshet::iam::policy {

// A condition operator taken apart: "ForAnyValue:StringLikeIfExists" is
// {set = Any, base = "StringLike", if_exists = true}.
struct ConditionOperator {
    enum class Set { Single, Any, All } set = Set::Single;
    std::string base;
    bool if_exists = false;
};
ConditionOperator split_operator(std::string_view op);
// True for the operators IAM knows (with their set prefixes and IfExists suffix).
bool known_condition_operator(std::string_view op);
// Date condition values are ISO 8601 (2024-01-01, 2024-01-01T00:00:00Z, with offsets) or
// epoch seconds. nullopt when malformed.
std::optional<TimePoint> parse_policy_date(std::string_view s);
// False when a Date operator's value is not a date (AWS: "The policy failed legacy parsing").
bool condition_values_parse(const ConditionClause& c);
// AWS's message for a malformed Resource entry, if it is one.
std::optional<std::string> resource_format_error(std::string_view resource);
// AWS's message for a malformed action name, if it is one.
std::optional<std::string> action_format_error(std::string_view action);

}  // namespace freshet::iam::policy
