// Reading a template body (TemplateBody of CreateStack, ValidateTemplate, ...) into JSON.
//
// JSON when the first non-blank character is '{', else YAML. YAML is read the way
// CloudFormation's (YAML 1.1) parser reads it:
//   - short-form tags become the long form: !Ref x -> {"Ref": x}; !GetAtt a.b ->
//     {"Fn::GetAtt": ["a", "b"]} (split at the first '.'; the list form too); !Sub, !Join,
//     !Select, !Split, !If, !Equals, !And, !Or, !Not, !FindInMap, !Base64, !GetAZs,
//     !ImportValue, !Cidr -> {"Fn::<Name>": value}; !Condition x -> {"Condition": x}.
//     Tags nest. A tagged scalar is always a string (!Sub 123 is "123").
//   - plain scalars resolve as YAML 1.1 does: 25 is a number, 010 is 8, 1.10 is 1.1,
//     yes/no/on/off/true/false (any of their three casings) are booleans, ~ and null are
//     null; quoted scalars stay strings; keys are strings. (CloudFormation turns an unquoted
//     `Value: YES` into "true": aws-cli #5257, ASFHyP3/hyp3 #2061.)
//   - a key given twice in one map is an error.
// Errors (ValidationError): "Template format error: YAML not well-formed. (line L, column C)"
// and "Template format error: JSON not well-formed. (line L, column C)", 1-based; a top level
// that is not a map is a template format error.
// Thread-safety: pure function.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "core/result.h"

namespace freshet::stacks {

Result<boost::json::object> parse_template(std::string_view body);

}  // namespace freshet::stacks
