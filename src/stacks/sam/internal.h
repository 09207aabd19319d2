// Internals of the SAM transform, shared by its translation units. Not a public surface.
//
// Errors inside the transform are ApiErrors whose message is one SAM "cause" ("Resource with
// id [X] is invalid. ..."); transform.cc wraps the causes into CloudFormation's message.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "stacks/sam/transform.h"

namespace freshet::stacks::sam {

namespace json = boost::json;

// ---- errors (errors.cc) ----
// A cause as SAM words it, carried as a ValidationError.
ApiError cause(std::string message);
// "Resource with id [id] is invalid. <reason>"
ApiError invalid_resource(std::string_view id, std::string_view reason);
// "Event with id [event] is invalid. <reason>", as part of a resource's reason.
std::string invalid_event(std::string_view event_id, std::string_view reason);
// A feature SAM has but Freshet's transform does not implement.
std::string not_supported(std::string_view what);
// The final error for a list of causes (deduplicated by SAM's rule: same message once).
ApiError transform_failed(const std::vector<std::string>& causes);

// ---- JSON helpers (json_util.cc) ----
// SAM's notion of an intrinsic: an object with exactly one key, "Ref", "Condition" or "Fn::*".
bool is_intrinsic(const json::value& v);
// The value at key, or nullptr when absent or null (SAM treats None as absent).
const json::value* get(const json::object& o, std::string_view key);
// Python truthiness: absent, null, "", false, empty {} and [] are false.
bool truthy(const json::value* v);
// Python's json.dumps(v, separators=(",", ":"), sort_keys=True): SAM hashes this text.
std::string python_json(const json::value& v);
// Python's repr of a list of strings: ['a', 'b'].
std::string python_list(const std::vector<std::string>& items);
std::string sha1_hex(std::string_view data);
// SAM's resolve_parameter_refs: {"Ref": P} and ${P} in Fn::Sub strings become the value of P
// when P is a known parameter; everything else is left as is.
json::value resolve_parameter_refs(const json::value& v, const json::object& params);
// [{"Key": k, "Value": v}, ...] in the map's order (SAM's get_tag_list).
json::array tag_list(const json::object& tags);

// ---- resources (json_util.cc) ----
// Attributes the main generated resource keeps: DependsOn and every supported attribute.
json::object main_attributes(const json::object& resource);
// Attributes passed to every other generated resource: Condition, DeletionPolicy,
// UpdateReplacePolicy.
json::object passthrough_attributes(const json::object& resource);
json::object make_resource(std::string_view type, const json::object& attributes,
                           json::object properties);

// Declared property types, as SAM's PropertyType validators report them.
enum class Check { Any, Map, String, Bool, Other };
struct PropertySpec {
    const char* name;
    Check check;
    bool (*valid)(const json::value&) = nullptr;  // for Check::Other
};
// Unknown properties ("property X not defined for resource of type T") and type mismatches
// ("Property 'X' should be a map." / "Type of property 'X' is invalid."); intrinsics skip
// the type check as SAM's do.
Result<void> check_properties(std::string_view id, std::string_view type, const json::object& props,
                              const std::vector<PropertySpec>& specs);

// What one SAM resource expands to, in generation order.
using Generated = std::vector<std::pair<std::string, json::object>>;

// ---- Globals (globals.cc) ----
// Parsed Globals: section type ("AWS::Serverless::Function") to its properties.
Result<json::object> parse_globals(const json::value& globals);
// SAM's merge: maps merged recursively, lists concatenated (global first), anything else
// (and intrinsics, and mismatched kinds) taken from the resource.
json::value merge_globals(const json::value& global, const json::value& local);

// ---- translators ----
struct Inputs {
    const SamContext& ctx;
    const json::object& params;  // parameter values, defaults and pseudo parameters
};
Result<Generated> translate_function(const std::string& id, const json::object& resource,
                                     const Inputs& in);
Result<Generated> translate_simple_table(const std::string& id, const json::object& resource);

// ---- function parts ----
// The Lambda Code from InlineCode / CodeUri / ImageUri (SAM's _construct_code_dict).
Result<json::object> code_property(const std::string& id, const json::object& props);

// Policies after SAM's policy-template plugin: templates replaced by their statements.
Result<json::value> expand_policy_templates(const std::string& id, const json::value& policies);
// A policy template's name is known (Freshet implements it).
bool is_policy_template(std::string_view name);

// The execution role SAM generates (construct_role_for_resource).
Result<json::object> build_role(const std::string& id, const json::object& resource,
                                const json::object& props, const Inputs& in);
// The ARN of an AWS managed policy known by name (managed_policies.cc).
std::optional<std::string> aws_managed_policy_arn(std::string_view name,
                                                  std::string_view partition);

// Pull event sources (Kinesis, DynamoDB): parsed and validated before the function is built.
struct PullEvent {
    std::string name;  // key under Events
    std::string type;  // Kinesis | DynamoDB
    json::object properties;
};
Result<std::vector<PullEvent>> parse_events(const std::string& id, const json::object& props);
// The mappings; adds the event's managed policy and destination policy to `role` when SAM
// generated it.
Result<Generated> event_mappings(const std::string& id, const std::vector<PullEvent>& events,
                                 const json::value& function_ref, const json::object& attributes,
                                 json::object* role, std::string_view partition);

}  // namespace freshet::stacks::sam
