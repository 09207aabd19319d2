// Reading resolved template properties the way CloudFormation does: scalars may arrive as
// strings ("1", "true") where a number or a boolean is meant, and every error is
// CloudFormation's property validation error for the resource.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "stacks/resources/provider.h"

namespace freshet::stacks {

// A failed property check: ValidationError, as CloudFormation's resource handlers report it
// in the resource's status reason ("Properties validation failed for resource X with
// message: ...").
ApiError property_error(std::string_view logical_id, std::string_view message);

// Optional getters: nullopt when absent; an error when present with the wrong type.
Result<std::optional<std::string>> get_string(const ResourceContext& ctx,
                                              const boost::json::object& p, std::string_view key);
Result<std::optional<int64_t>> get_int(const ResourceContext& ctx, const boost::json::object& p,
                                       std::string_view key);
Result<std::optional<bool>> get_bool(const ResourceContext& ctx, const boost::json::object& p,
                                     std::string_view key);
Result<std::optional<std::vector<std::string>>> get_strings(const ResourceContext& ctx,
                                                            const boost::json::object& p,
                                                            std::string_view key);
// A required string: "#: required key [Key] not found".
Result<std::string> require_string(const ResourceContext& ctx, const boost::json::object& p,
                                   std::string_view key);

// Converts a scalar in `v` to the JSON type the target expects: "1" to 1 for `kind`
// "int", "true" to true for "bool". Unchanged when it cannot convert (the service's
// validation then reports it).
boost::json::value coerce_int(const boost::json::value& v);
boost::json::value coerce_bool(const boost::json::value& v);

// True when any of `keys` differs between before and after (absent counts as a value).
bool changed(const boost::json::object& before, const boost::json::object& after,
             std::initializer_list<std::string_view> keys);

// CloudFormation's generated physical name: "<stack>-<LogicalId>-<suffix>", where the suffix
// is 12 random [A-Za-z0-9] (or 13 [A-Z0-9] when `upper` is set, as for tables and users),
// with the stack and logical-id parts shortened so that the whole fits `max_length`. The last
// two '-'-separated fields are always the (shortened) logical id and the suffix.
std::string physical_name(const ResourceContext& ctx, size_t max_length, bool upper = false);

// Tell the engine the physical id of the resource a create is making, so that a create that
// fails after the service made the resource, or a server killed in the middle of it, still
// has it deleted by the rollback (CloudFormation leaves nothing behind). No-ops outside a
// create.
//
// claim_physical_id: right after the service call that makes the resource succeeded.
// reserve_physical_id: right before that call, when physical_name() made the name. A server
// killed from then on may leave the resource behind; a rollback after the restart deletes
// it, which is safe (such a name is no other resource's) and a no-op if it was never made. A
// name from the template is not reserved: it may be an existing resource's, which the call
// refused to make.
void claim_physical_id(const ResourceContext& ctx, const std::string& physical_id);
void reserve_physical_id(const ResourceContext& ctx, const std::string& physical_id);

// Tags given as [{Key, Value}, ...] (CloudFormation's form) as an object {Key: Value}.
Result<boost::json::object> tags_as_map(const ResourceContext& ctx, const boost::json::object& p,
                                        std::string_view key = "Tags");

}  // namespace freshet::stacks
