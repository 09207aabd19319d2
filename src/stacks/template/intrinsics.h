// Intrinsic functions: resolving Ref, Fn::GetAtt, Fn::Sub, ... in a template value, and the
// Conditions section.
//
// evaluate() resolves every intrinsic in a value: Ref (parameters; the pseudo parameters
// AWS::StackName, StackId, Region, AccountId, Partition, URLSuffix, NotificationARNs,
// NoValue; resources through ctx.resources), Fn::GetAtt (["A", "B"] or "A.B"; the attribute
// may contain dots), Fn::Sub (string and [string, {vars}] forms, ${Param}, ${Resource},
// ${Resource.Attr}, ${AWS::Region}, ${!Literal}), Fn::Join, Fn::Select, Fn::Split, Fn::If,
// Fn::Equals, Fn::And, Fn::Or, Fn::Not ({"Condition": name} among their arguments),
// Fn::FindInMap, Fn::Base64, Fn::GetAZs (the region's "a", "b" and "c" zones),
// Fn::ImportValue (ctx.resources), Fn::Cidr (IPv4 blocks).
// A value that is {"Ref": "AWS::NoValue"} (directly or chosen by Fn::If) removes the object
// member or array element that holds it; at the top level it evaluates to null. An object
// with one key that is not an intrinsic function is an ordinary object. Scalars keep their
// JSON type except where a function makes a string (Join, Sub, Base64, ...); Fn::Equals
// compares values as CloudFormation does, as strings ("1" equals 1).
// Errors are ValidationError with CloudFormation's texts ("Template error: every Fn::Join
// object requires two parameters, ...", "Template error: Fn::Select cannot select
// nonexistent value at index 3", "Template error: Unable to get mapping for A::B::C", ...),
// or whatever ctx.resources answers.
// Thread-safety: pure functions; the context's pointees are only read.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <string>

#include "core/result.h"
#include "stacks/template/parameters.h"

namespace freshet::stacks {

struct Pseudo {
    std::string stack_name, stack_id, region = "us-east-1", account_id, partition = "aws",
                                      url_suffix = "amazonaws.com";
};

// What the engine knows about resources (implemented by the engine).
class ResourceValues {
  public:
    virtual ~ResourceValues() = default;
    virtual Result<boost::json::value> ref(const std::string& logical_id) const = 0;
    virtual Result<boost::json::value> get_att(const std::string& logical_id,
                                               const std::string& attribute) const = 0;
    virtual Result<boost::json::value> import_value(const std::string& export_name) const = 0;
};

struct EvalContext {
    const boost::json::object* mappings = nullptr;  // the template's Mappings (may be null)
    const Parameters* parameters = nullptr;
    const std::map<std::string, bool>* conditions = nullptr;
    Pseudo pseudo;
    const ResourceValues* resources = nullptr;  // null while evaluating Conditions
};

Result<boost::json::value> evaluate(const boost::json::value& v, const EvalContext& ctx);

// Evaluates the Conditions section: each condition's value, in any order of definition
// (conditions may refer to other conditions; a cycle is an error). ctx.conditions and
// ctx.resources are ignored: a Ref to anything but a parameter or a pseudo parameter is
// "Template format error: Unresolved dependencies [X]. Cannot reference resources in the
// Conditions block of the template".
Result<std::map<std::string, bool>> evaluate_conditions(const boost::json::object& tmpl,
                                                        const EvalContext& ctx);

}  // namespace freshet::stacks
