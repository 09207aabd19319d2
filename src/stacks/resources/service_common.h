// What the data-service providers share: calls through the in-process client, waiting for a
// resource to settle, tags in CloudFormation's and the services' forms, and copying template
// properties into a service's input with CloudFormation's scalar coercion.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "stacks/resources/provider.h"

namespace freshet::stacks::svc {

// `operation` of `service` (the signing name) as the stack's caller; the service's error
// passes through unchanged (it becomes the resource's status reason).
Result<boost::json::value> call_service(const ResourceContext& ctx, std::string_view service,
                                        std::string_view operation, boost::json::object input);

// True for the "it does not exist" errors of the services (ResourceNotFoundException,
// NoSuchBucket, ...): a delete that finds nothing has succeeded.
bool is_not_found(const ApiError& e);

// Polls `ready` every 50 ms until it answers true, passing its errors through, for at most
// 60 seconds; then NotStabilized "<what> did not stabilize within 60 seconds".
Result<void> wait_until(const ResourceContext& ctx, std::string_view what,
                        const std::function<Result<bool>()>& ready);

// Deletes with `operation` (a resource already gone is success), then waits until `lookup`
// (a call that describes the resource) answers that it does not exist.
Result<void> delete_and_wait(const ResourceContext& ctx, std::string_view service,
                             std::string_view operation, boost::json::object input,
                             std::string_view what,
                             const std::function<Result<boost::json::object>()>& lookup);

// [{Key, Value}] of `map` ({Key: Value}), in key order.
boost::json::array tag_list(const boost::json::object& map);
// The keys of `before` that `after` lacks, and the entries of `after` that are new or changed.
struct TagChanges {
    std::vector<std::string> removed;
    boost::json::object set;
};
TagChanges tag_changes(const boost::json::object& before, const boost::json::object& after);

// Copies p[key] into out[key] when present: as is, or coerced to an integer or a boolean
// ("5" -> 5, "true" -> true) as a Number or Boolean parameter's Ref arrives as a string.
void copy_value(const boost::json::object& p, boost::json::object& out, std::string_view key);
void copy_int(const boost::json::object& p, boost::json::object& out, std::string_view key);
void copy_bool(const boost::json::object& p, boost::json::object& out, std::string_view key);

// A property error when any of `keys` is present (what the service cannot do), naming it:
// "<Key> is not supported by Freshet".
Result<void> refuse(const ResourceContext& ctx, const boost::json::object& p,
                    std::initializer_list<std::string_view> keys);

// The value of p[key] as a string ("" when absent or not a string).
std::string string_of(const boost::json::object& p, std::string_view key);

}  // namespace freshet::stacks::svc
