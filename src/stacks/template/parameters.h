// The Parameters section of a template resolved against the values a caller gives
// (CreateStack's Parameters): defaults, types and constraints, as CloudFormation checks them
// before it creates anything.
//
// Types: String, Number, CommaDelimitedList, List<Number>, and the AWS-specific types
// (AWS::EC2::KeyPair::KeyName, List<AWS::EC2::Subnet::Id>, ...) which are checked as String
// (or as a list of strings) since Freshet has no EC2 to look them up in. SSM parameter types
// (AWS::SSM::Parameter::Value<...>) are refused. Constraints: AllowedValues, AllowedPattern
// (whole-value match, Java syntax via PCRE2), MinLength/MaxLength, MinValue/MaxValue; for
// list types they apply to each member. ConstraintDescription replaces the message of a
// failed constraint, as in CloudFormation. NoEcho parameters are listed in `no_echo`.
//
// Errors (ValidationError), in CloudFormation's words: "Parameters: [A, B] must have values",
// "Parameters: [X] do not exist in the template", "Parameter 'X' must be one of
// AllowedValues", "Parameter 'X' must match pattern P", "Parameter X failed to satisfy
// constraint: <ConstraintDescription>", ... (the list is in parameters.cc).
// Thread-safety: pure function.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <set>
#include <string>

#include "core/result.h"

namespace freshet::stacks {

struct Parameters {
    // Ref's value per parameter: a string, or an array of strings for CommaDelimitedList,
    // List<Number> and List<AWS::...>; Number parameters are strings too (as CFN's Ref gives).
    boost::json::object values;
    // The value as given or defaulted (what DescribeStacks reports).
    std::map<std::string, std::string> raw;
    // NoEcho parameters (DescribeStacks reports them as "****").
    std::set<std::string> no_echo;
};

Result<Parameters> resolve_parameters(const boost::json::object& tmpl,
                                      const std::map<std::string, std::string>& given);

// Checks one parameter declaration (an object with a recognized Type): used by
// validate_template too. `name` is the parameter's logical name.
Result<void> check_parameter_declaration(const std::string& name, const boost::json::value& decl);

}  // namespace freshet::stacks
