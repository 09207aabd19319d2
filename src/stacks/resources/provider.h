// A resource provider: how the stack engine creates, updates and deletes one resource type
// (AWS::Kinesis::Stream, ...) through the services' in-process client, as the principal that
// runs the stack operation, so that the services' validation and IAM apply to stacks too.
//
// Providers are synchronous: the engine calls them on its own worker threads (never on an IO
// thread), and they may block on call_sync (core/client.h) and poll until the resource is
// ready (a stream ACTIVE, a function Active) before they return.
//
// Properties arrive with every intrinsic function resolved and AWS::NoValue removed. As in
// CloudFormation, scalars may come as strings where the resource wants a number or a boolean
// (a Number parameter's Ref is a string): providers accept both (see properties.h).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/client.h"
#include "core/clock.h"
#include "core/principal.h"
#include "core/result.h"

namespace freshet::stacks {

// Custom resources: where a custom resource's handler sends its answer (the ResponseURL that
// the cfn-response module PUTs to), implemented by the engine.
class ResponseWaiter {
  public:
    virtual ~ResponseWaiter() = default;
    // Opens a slot for one request and returns the ResponseURL for it.
    virtual std::string open(const std::string& request_id) = 0;
    // Waits for the body PUT to the slot's URL (the JSON document cfn-response sends) and
    // closes the slot; an error after `timeout`.
    virtual Result<boost::json::object> wait(const std::string& request_id,
                                             std::chrono::seconds timeout) = 0;
};

// What a provider knows when it acts on one resource.
struct ResourceContext {
    ServiceClient* client = nullptr;
    Principal caller;  // who runs the stack operation: every call is made, and authorized, as it
    std::string region = "us-east-1";
    std::string account_id;
    std::string partition = "aws";
    std::string stack_name;
    std::string stack_id;  // arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>
    std::string logical_id;
    std::string resource_type;  // as written in the template (Custom::Thing)
    const Clock* clock = &system_clock();
    ResponseWaiter* responses = nullptr;
    // Set by the engine while it creates the resource: stores, durably, the physical id of what
    // the create is making, and whether the service has made it (claim_physical_id and
    // reserve_physical_id in properties.h). Empty otherwise.
    std::function<void(const std::string& physical_id, bool made)> claim;
};

// What CloudFormation remembers about a created resource.
struct ResourceState {
    std::string physical_id;  // PhysicalResourceId
    // Ref's value; null means the physical id.
    boost::json::value ref = nullptr;
    // Fn::GetAtt's values by attribute name ("Arn", "StreamArn", "SecretAccessKey").
    boost::json::object attributes;
};

class Provider {
  public:
    virtual ~Provider() = default;
    // The attributes Fn::GetAtt accepts; {"*"} accepts any (custom resources).
    virtual std::vector<std::string> attributes() const = 0;
    // True when going from `before` to `after` needs a new resource (a property whose change
    // CloudFormation documents as "Update requires: Replacement").
    virtual bool needs_replacement(const boost::json::object& before,
                                   const boost::json::object& after) const = 0;
    virtual Result<ResourceState> create(const ResourceContext& ctx,
                                         const boost::json::object& properties) = 0;
    // Updates in place (only called when needs_replacement is false).
    virtual Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                         const boost::json::object& before,
                                         const boost::json::object& after) = 0;
    // Deletes; a resource that is already gone is success.
    virtual Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                                const boost::json::object& properties) = 0;
};

// The provider for a type, or nullptr when Freshet does not support it. Custom::* and
// AWS::CloudFormation::CustomResource share the custom-resource provider.
Provider* find_provider(std::string_view type);

// The supported types, sorted (for docs and the "Unrecognized resource types" check).
std::vector<std::string> supported_types();

}  // namespace freshet::stacks
