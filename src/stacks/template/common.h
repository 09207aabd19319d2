// Shared pieces of the template library: CloudFormation's ValidationError, how a template
// scalar reads as a string, and the parts of an Fn::Sub string. Pure functions, thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace freshet::stacks {

// Every template error is CloudFormation's ValidationError, 400, sender fault.
ApiError template_error(std::string message);

// A scalar as CloudFormation sees it: strings as they are, numbers as Java prints them
// (25, 1.5, 1.0E10; CloudFormation's YAML parser is Java's), booleans "true"/"false".
// nullopt for null, arrays and objects.
std::optional<std::string> scalar_string(const boost::json::value& v);

// "[A, B]": how CloudFormation lists names in its messages.
std::string bracket_list(const std::vector<std::string>& names);

// One piece of an Fn::Sub string: literal text, or a ${Name} variable (the name trimmed).
// "${!Literal}" is the literal text "${Literal}".
struct SubPart {
    bool variable = false;
    std::string text;
};
std::vector<SubPart> split_sub(std::string_view s);

// Pseudo parameters (AWS::Region, ...): names a Ref may use without declaring them.
bool is_pseudo_parameter(std::string_view name);

}  // namespace freshet::stacks
