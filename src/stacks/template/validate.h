// The static checks CreateStack, UpdateStack and ValidateTemplate make on a template before
// anything is created, with CloudFormation's messages (ValidationError):
//   - top-level sections: AWSTemplateFormatVersion ("2010-09-09" when present), Description
//     (a string), Metadata, Parameters, Rules, Mappings, Conditions, Transform, Resources,
//     Outputs, Hooks; anything else is "Invalid template property or properties [X]";
//   - each parameter declaration (parameters.h);
//   - Resources with at least one member; each resource an object with a Type string and
//     only the resource attributes CloudFormation knows (Type, Properties, DependsOn,
//     Condition, DeletionPolicy [Delete, Retain, Snapshot, RetainExceptOnCreate],
//     UpdateReplacePolicy [Delete, Retain, Snapshot], Metadata, CreationPolicy,
//     UpdatePolicy);
//   - Outputs each with a Value;
//   - unknown Fn:: functions;
//   - the Conditions block referring only to parameters and other conditions, without cycles;
//     conditions named by resources, outputs and Fn::If existing;
//   - Ref, Fn::Sub and DependsOn naming declared resources or parameters ("Template format
//     error: Unresolved resource dependencies [X] in the Resources block of the template");
//     Fn::GetAtt naming resources;
//   - resource types Freshet supports ("Template format error: Unrecognized resource types:
//     [A, B]") and the attributes Fn::GetAtt asks of them ("Template error: resource X does
//     not support attribute type Y in Fn::GetAtt");
//   - no circular dependency between resources ("Circular dependency between resources:
//     [A, B, C]").
// The messages, and which are confirmed, are listed at the top of validate.cc.
// Thread-safety: pure function (attributes_of is called on the caller's thread).
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace freshet::stacks {

// For a resource type, the Fn::GetAtt attributes it supports ({"*"} = any), or nullopt when
// Freshet does not support the type.
using AttributesOf = std::function<std::optional<std::vector<std::string>>(std::string_view type)>;

Result<void> validate_template(const boost::json::object& tmpl, const AttributesOf& attributes_of);

// The check CreateStack and UpdateStack make once the Conditions are evaluated: a resource or
// output that exists (no Condition, or a true one) may not refer (Ref, Fn::GetAtt, Fn::Sub,
// DependsOn) to a resource whose Condition is false, except in an Fn::If branch not taken.
// Errors: "Template format error: Unresolved resource dependencies [X] in the Resources block
// of the template", "Unresolved resource dependencies [X] in the Outputs block of the
// template" (AWS-verified in moto's tests). Conditions missing from `conditions` count as true.
Result<void> check_conditional_references(const boost::json::object& tmpl,
                                          const std::map<std::string, bool>& conditions);

}  // namespace freshet::stacks
