// Custom::<Name> and AWS::CloudFormation::CustomResource: each create, update and delete is a
// request document sent to the Lambda function named by ServiceToken (an asynchronous
// Invoke, as CloudFormation does), answered by the function with a PUT of a response
// document to the request's ResponseURL (ctx.responses), as the cfn-response module does.
//
// - Request (crpg-ref-requests): RequestType, ServiceToken, ResponseURL, StackId, RequestId,
//   ResourceType, LogicalResourceId, ResourceProperties (every property, ServiceToken too),
//   PhysicalResourceId (update, delete), OldResourceProperties (update).
// - Response (crpg-ref-responses): Status SUCCESS gives the physical id (required, else
//   "Invalid PhysicalResourceId" as CloudFormation reports) and Data, the values of
//   Fn::GetAtt (any name: attributes() is {"*"}). Status FAILED fails the operation with
//   CloudFormation's status reason "Received response status [FAILED] from custom resource.
//   Message returned: <Reason> (RequestId: <id>)". NoEcho is not kept.
// - No answer within ServiceTimeout seconds (1 to 3600, default 3600) fails with
//   CloudFormation's "did not receive a response" reason; the waiter's other errors (a body
//   that is not JSON, shutdown) pass through.
// - ServiceToken cannot change: CloudFormation fails the update with "Modifying service token
//   is not allowed." SNS topics as ServiceToken are refused: Freshet has no SNS.
// - An update answered with a new PhysicalResourceId is a replacement: CloudFormation then
//   sends Delete for the old id in its cleanup phase. Freshet sends it right after the
//   update succeeds (with the old properties), and, as a cleanup failure does, a failed
//   Delete does not fail the update.
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>

#include "core/encoding.h"
#include "core/ids.h"
#include "stacks/resources/factories.h"
#include "stacks/resources/properties.h"

namespace freshet::stacks {

namespace json = boost::json;

namespace {

constexpr int64_t kDefaultTimeout = 3600;

ApiError failure(std::string message) {
    return ApiError{"GeneralServiceException", std::move(message), 400};
}

// ServiceToken must be a Lambda function ARN of the stack's partition.
Result<std::string> service_token(const ResourceContext& ctx, const json::object& p) {
    FRESHET_TRY(token, require_string(ctx, p, "ServiceToken"));
    std::string prefix = "arn:" + ctx.partition + ":";
    if (token.rfind(prefix + "sns:", 0) == 0) {
        return failure(
            "Freshet does not support SNS topics as ServiceToken; use a Lambda function ARN");
    }
    if (token.rfind(prefix + "lambda:", 0) != 0 || token.find(":function:") == std::string::npos)
        return failure("Invalid service token " + token + ": expected a Lambda function ARN");
    return token;
}

Result<std::chrono::seconds> service_timeout(const ResourceContext& ctx, const json::object& p) {
    FRESHET_TRY(timeout, get_int(ctx, p, "ServiceTimeout"));
    int64_t t = timeout.value_or(kDefaultTimeout);
    if (t < 1 || t > 3600)
        return property_error(ctx.logical_id,
                              "#/ServiceTimeout: must be an integer from 1 to 3600");
    return std::chrono::seconds(t);
}

struct Request {
    std::string type;  // Create, Update, Delete
    const json::object* properties = nullptr;
    const json::object* old_properties = nullptr;  // Update only
    std::string physical_id;                       // Update and Delete
};

struct Answer {
    std::string physical_id;
    json::object data;
};

// Sends one request and waits for its response.
Result<Answer> send(const ResourceContext& ctx, const Request& r) {
    if (!ctx.responses) return ApiError::internal("custom resources need a response endpoint");
    FRESHET_TRY(token, service_token(ctx, *r.properties));
    FRESHET_TRY(timeout, service_timeout(ctx, *r.properties));
    std::string request_id = ids::uuid4();
    json::object doc{{"RequestType", r.type},
                     {"ServiceToken", token},
                     {"ResponseURL", ctx.responses->open(request_id)},
                     {"StackId", ctx.stack_id},
                     {"RequestId", request_id},
                     {"LogicalResourceId", ctx.logical_id},
                     {"ResourceType", ctx.resource_type},
                     {"ResourceProperties", *r.properties}};
    if (!r.physical_id.empty()) doc["PhysicalResourceId"] = r.physical_id;
    if (r.old_properties) doc["OldResourceProperties"] = *r.old_properties;
    auto invoked = call_sync(*ctx.client, "lambda", "Invoke",
                             {{"FunctionName", token},
                              {"InvocationType", "Event"},
                              {"Payload", base64_encode(json::serialize(doc))}},
                             ctx.caller);
    if (!invoked.ok()) {
        (void)ctx.responses->wait(request_id, std::chrono::seconds(0));  // closes the slot
        return std::move(invoked).take_error();
    }
    auto started = std::chrono::steady_clock::now();
    auto response = ctx.responses->wait(request_id, timeout);
    if (!response.ok()) {
        // The waiter's own errors (a body that is not JSON, shutdown) pass through; running
        // out of time is CloudFormation's "did not receive a response".
        if (std::chrono::steady_clock::now() - started < timeout)
            return std::move(response).take_error();
        return failure(
            "CloudFormation did not receive a response from your Custom Resource. Please check "
            "your logs for requestId [" +
            request_id +
            "]. If you are using the Python cfn-response module, you may need to update your "
            "Lambda function code so that CloudFormation can attach the updated version.");
    }
    const json::object& body = response.value();
    const json::value* status = body.if_contains("Status");
    const json::value* reason = body.if_contains("Reason");
    if (!status || !status->is_string() || status->get_string() != "SUCCESS") {
        std::string why = reason && reason->is_string() ? std::string(reason->get_string()) : "";
        std::string got = status && status->is_string() ? std::string(status->get_string()) : "";
        return failure("Received response status [" + got +
                       "] from custom resource. Message returned: " + why +
                       " (RequestId: " + request_id + ")");
    }
    const json::value* id = body.if_contains("PhysicalResourceId");
    if (!id || !id->is_string() || id->get_string().empty())
        return failure("Invalid PhysicalResourceId");
    Answer a;
    a.physical_id = std::string(id->get_string());
    if (const json::value* data = body.if_contains("Data"); data && data->is_object())
        a.data = data->get_object();
    return a;
}

ResourceState state_of(Answer a) {
    ResourceState s;
    s.physical_id = std::move(a.physical_id);
    s.attributes = std::move(a.data);
    return s;
}

class CustomResourceProvider : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"*"}; }

    // A changed ServiceToken is refused by update(); every other change is an update the
    // handler may turn into a replacement by answering a new physical id.
    bool needs_replacement(const json::object&, const json::object&) const override {
        return false;
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_TRY(answer, send(ctx, Request{"Create", &p, nullptr, ""}));
        return state_of(std::move(answer));
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object& before, const json::object& after) override {
        if (changed(before, after, {"ServiceToken"}))
            return ApiError{"ValidationError", "Modifying service token is not allowed.", 400};
        FRESHET_TRY(answer, send(ctx, Request{"Update", &after, &before, current.physical_id}));
        if (answer.physical_id != current.physical_id) {
            auto deleted = send(ctx, Request{"Delete", &before, nullptr, current.physical_id});
            if (!deleted.ok()) {
                spdlog::warn("stack {}: deleting the replaced {} ({}) failed: {}", ctx.stack_name,
                             ctx.logical_id, current.physical_id, deleted.error().message);
            }
        }
        return state_of(std::move(answer));
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object& p) override {
        FRESHET_CHECK(send(ctx, Request{"Delete", &p, nullptr, current.physical_id}));
        return Ok{};
    }
};

}  // namespace

std::unique_ptr<Provider> make_custom_resource_provider() {
    return std::make_unique<CustomResourceProvider>();
}

}  // namespace freshet::stacks
