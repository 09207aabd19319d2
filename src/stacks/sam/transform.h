// The AWS::Serverless-2016-10-31 transform (SAM): rewrites a parsed template into plain
// CloudFormation, generating what SAM's translator generates for the resource types and
// event sources Freshet supports (README.md lists them), and refusing the rest with a clear
// error instead of skipping it.
//
// Input: the template as JSON with intrinsics in long form ({"Ref": x}, {"Fn::GetAtt": [a, b]},
// {"Fn::Sub": ...}). Intrinsics inside properties are passed through untouched for the engine
// to resolve, except where SAM itself resolves parameter Refs (AutoPublishAlias,
// AutoPublishCodeSha256, and the code location hashed into the Version's logical id).
//
// Errors: ValidationError (400) with SAM's text, as CloudFormation reports a failed transform:
// "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application
// Specification document. Number of errors found: N. <cause> <cause>...". Every invalid SAM
// resource contributes one cause, in template order.
//
// Thread safety: pure functions; the built-in tables are immutable.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "core/result.h"

namespace freshet::stacks {

inline constexpr const char* kSamTransform = "AWS::Serverless-2016-10-31";

struct SamContext {
    std::string region = "us-east-1", account_id, partition = "aws", stack_name;
    // Ref's value per template parameter (strings or arrays), for the few places SAM resolves
    // Refs itself. Parameter defaults from the template fill in missing names.
    boost::json::object parameter_values;
};

// True when the template's Transform is (or lists) "AWS::Serverless-2016-10-31".
bool uses_sam(const boost::json::object& tmpl);

// Rewrites the template to plain CloudFormation as SAM does: removes Transform and Globals,
// and turns each AWS::Serverless::* resource into what SAM generates, keeping every other
// resource, Parameters, Conditions, Outputs untouched. A template without Transform is
// returned unchanged; any other transform name is refused (ValidationError naming it).
Result<boost::json::object> sam_transform(const boost::json::object& tmpl, const SamContext& ctx);

}  // namespace freshet::stacks
