// What a service is to the rest of Freshet: its model (from botocore), its table of actions,
// and how it words its errors. The dispatcher in http/ runs the pipeline (route, authenticate,
// decode, validate, authorize) and then an Action; a service never sees HTTP.
//
// Adding an action is one file with the handler and one row in the service's table:
//   actions_.add(action("PutRecord", "kinesis:PutRecord",
//       [this](RequestContext& ctx, const model::PutRecordInput& in) { return put_record(*this,
//       ctx, in); }, [this](const RequestContext& ctx, const model::PutRecordInput& in) { return
//       stream_arn(ctx, in.StreamName); }));
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/metrics.h"
#include "core/principal.h"
#include "core/result.h"
#include "core/shape/model.h"

namespace freshet {

// Runs a function soon on one of the server's IO threads.
using Executor = std::function<void(std::function<void()>)>;

// What a handler knows about the request it serves.
struct RequestContext {
    Principal principal;
    std::string request_id;
    std::string region;
    std::string source_ip;
    bool secure_transport = false;
    const Clock* clock = &system_clock();
    TimePoint received = system_clock().now();
    // The action's input decoded into its structure by the IAM resource step, which the
    // handler then takes instead of decoding the JSON a second time (core/service.h, action
    // and async_action; a 1 MiB record is base64-decoded once). Empty when IAM is off.
    mutable std::shared_ptr<void> decoded_input;
    // The IO threads. Asynchronous replies hop here before they are encoded, so that the
    // thread that completes a write (the storage commit thread) never does response work.
    // Empty in unit tests: replies then run where they are made.
    Executor post;
};

using JsonCallback = std::function<void(Result<boost::json::value>)>;

template <class Out>
using Reply = std::function<void(Result<Out>)>;

// One row of a service's action table.
struct Action {
    std::string name;        // AWS's operation name: "PutRecord"
    std::string iam_action;  // IAM's action name: "kinesis:PutRecord"
    // Runs the handler on input that has passed type and constraint validation, and calls
    // `done` exactly once with the output structure in neutral JSON, or the error.
    std::function<void(RequestContext&, const boost::json::value&, JsonCallback)> run;
    // The ARN IAM authorizes this request against ("*" for actions on no resource).
    std::function<std::string(const RequestContext&, const boost::json::value&)> resource;
    // False for the few actions AWS answers whatever the caller's policies say
    // (sts:GetCallerIdentity).
    bool authorize = true;
    // For actions on several resources at once (DynamoDB's BatchWriteItem and BatchGetItem on
    // several tables): every ARN returned must be allowed. When set, it replaces `resource`.
    std::function<std::vector<std::string>(const RequestContext&, const boost::json::value&)>
        resources = nullptr;
    // Further (IAM action, resource ARN) pairs that must be allowed as well: S3's CopyObject
    // needs s3:GetObject on its source besides s3:PutObject on its destination.
    std::function<std::vector<std::pair<std::string, std::string>>(const RequestContext&,
                                                                   const boost::json::value&)>
        also_authorize = nullptr;
};

// How a service words the errors the dispatcher raises for it.
struct ErrorDialect {
    std::string validation_code =
        "ValidationException";  // IAM, STS, CloudFormation: "ValidationError"
    std::string serialization_code = "SerializationException";
    bool serialization_capital_message = true;  // Coral services send {"Message": ...} here
    std::string unknown_operation_code = "UnknownOperationException";  // query: "InvalidAction"
    // awsJson: an empty body reads as {} (DynamoDB); Kinesis answers SerializationException.
    bool empty_json_body_is_empty_object = true;
};

class Service {
  public:
    virtual ~Service() = default;
    virtual const shape::ServiceModel& model() const = 0;
    virtual const Action* find_action(std::string_view name) const = 0;
    virtual const ErrorDialect& dialect() const {
        static const ErrorDialect d;
        return d;
    }
    // Called once on shutdown, before storage closes: stop background work.
    virtual void stop() {}
    // Adds the service's metrics to GET /metrics (core/metrics.h); most have none yet.
    virtual void write_metrics(MetricsWriter&) const {}
};

// A service's actions, by name.
class ActionTable {
  public:
    void add(Action a) { actions_.emplace(a.name, std::move(a)); }
    const Action* find(std::string_view name) const {
        auto it = actions_.find(name);
        return it == actions_.end() ? nullptr : &it->second;
    }
    size_t size() const { return actions_.size(); }

  private:
    std::map<std::string, Action, std::less<>> actions_;
};

namespace detail {
template <class In, class R>
auto decode_and_resource(R resource) {
    return [resource = std::move(resource)](const RequestContext& ctx,
                                            const boost::json::value& input) {
        auto in = std::make_shared<In>();
        from_json(input, *in);
        std::string arn(resource(ctx, *in));
        ctx.decoded_input = std::move(in);
        return arn;
    };
}

// The input the resource step decoded (same action, so the same In), else decoded here.
template <class In>
In take_input(RequestContext& ctx, const boost::json::value& input) {
    In in;
    if (auto kept = std::static_pointer_cast<In>(std::move(ctx.decoded_input))) {
        in = std::move(*kept);
    } else {
        from_json(input, in);
    }
    return in;
}
}  // namespace detail

// A synchronous action: `handler(RequestContext&, const In&) -> Result<Out>`.
template <class In, class H, class R>
Action action(std::string name, std::string iam_action, H handler, R resource) {
    Action a{std::move(name), std::move(iam_action), nullptr, nullptr};
    a.run = [handler = std::move(handler)](RequestContext& ctx, const boost::json::value& input,
                                           JsonCallback done) {
        In in = detail::take_input<In>(ctx, input);
        auto result = handler(ctx, in);
        if (!result.ok()) return done(std::move(result).take_error());
        done(to_json(result.value()));
    };
    a.resource = detail::decode_and_resource<In>(std::move(resource));
    return a;
}

// An asynchronous action: `handler(RequestContext&, In, Reply<Out>)`, which may answer later
// from any thread (durable writes, invocations); the answer is encoded on an IO thread.
template <class In, class Out, class H, class R>
Action async_action(std::string name, std::string iam_action, H handler, R resource) {
    Action a{std::move(name), std::move(iam_action), nullptr, nullptr};
    a.run = [handler = std::move(handler)](RequestContext& ctx, const boost::json::value& input,
                                           JsonCallback done) {
        In in = detail::take_input<In>(ctx, input);
        auto finish = [done = std::move(done)](Result<Out> r) {
            if (!r.ok()) return done(std::move(r).take_error());
            done(to_json(r.value()));
        };
        handler(ctx, std::move(in),
                Reply<Out>([finish = std::move(finish), post = ctx.post](Result<Out> r) mutable {
                    if (!post) return finish(std::move(r));
                    auto shared = std::make_shared<Result<Out>>(std::move(r));
                    post([finish = std::move(finish), shared]() mutable {
                        finish(std::move(*shared));
                    });
                }));
    };
    a.resource = detail::decode_and_resource<In>(std::move(resource));
    return a;
}

// The output of operations that return nothing (DeleteFunction): an empty body.
struct NoOutput {};
inline boost::json::value to_json(const NoOutput&) {
    return boost::json::object();
}

// For actions on no particular resource.
template <class In>
std::string any_resource(const RequestContext&, const In&) {
    return "*";
}

}  // namespace freshet
