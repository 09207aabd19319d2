// The request pipeline. Every request, from a socket or from the in-process client, goes
// through the same steps in AWS's error order:
//   route (service, protocol, operation) -> decode -> unknown operation -> SigV4 ->
//   type check (SerializationException) -> constraints (ValidationException) ->
//   IAM authorization -> the action's handler -> encode.
// Handlers never see HTTP; the codecs in protocols/ never see business logic.
//
// Thread-safety: handle() and call() may run concurrently on any thread. Services are added
// before the server starts and never removed.
#pragma once

#include <atomic>
#include <boost/json/value.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/client.h"
#include "core/clock.h"
#include "core/service.h"
#include "http/message.h"
#include "http/server.h"

namespace freshet::iam {
class CredentialStore;
class Authorizer;
namespace sigv4 {
class Verifier;
}
}  // namespace freshet::iam

namespace freshet::http {

enum class IamMode { Enforce, Warn, Off };

struct DispatcherOptions {
    std::string region = "us-east-1";
    IamMode iam_mode = IamMode::Enforce;
    const Clock* clock = &system_clock();
    std::string version = "0.0.0";
    // Where asynchronous replies are finished (the HTTP server's IO threads).
    Executor post;
};

class Dispatcher final : public ServiceClient {
  public:
    Dispatcher(DispatcherOptions options, const iam::CredentialStore& credentials,
               const iam::Authorizer& authorizer);
    ~Dispatcher() override;

    void add(std::shared_ptr<Service> service);
    const std::vector<std::shared_ptr<Service>>& services() const { return services_; }

    // The HTTP entry point (an http::Handler).
    void handle(Request&& request, Respond respond);

    // ServiceClient: the same pipeline from validation on, as `as`, without a socket.
    void call(std::string_view service, std::string_view operation, boost::json::value input,
              const Principal& as, Callback done) override;

    uint64_t requests_served() const { return requests_.load(std::memory_order_relaxed); }

  private:
    struct Routed;
    Response health() const;
    // The context of a request from a socket, once its principal is known.
    RequestContext context_for(Principal principal, const Request& req,
                               const std::string& request_id) const;
    Result<void> route_json(const Request& req, const std::string& target, Routed& routed) const;
    Result<void> route_query(const Request& req, Routed& routed) const;
    Result<void> route_rest(const Request& req, Routed& routed) const;
    void run(const Service& svc, const Action& action, RequestContext ctx, boost::json::value input,
             JsonCallback done) const;
    Result<Principal> authenticate(const Request& req, const Service& svc) const;
    // S3 (dispatcher_s3.cc): REST-XML routing, aws-chunked bodies, XML errors.
    const Service* s3_service() const;
    static bool is_s3_request(const Request& req);
    void handle_s3(Request&& req, const std::string& request_id, Respond respond);
    Result<void> s3_payload(Request& req) const;

    DispatcherOptions options_;
    const iam::CredentialStore& credentials_;
    const iam::Authorizer& authorizer_;
    std::unique_ptr<iam::sigv4::Verifier> verifier_;  // one, so its signing-key cache works
    std::vector<std::shared_ptr<Service>> services_;
    TimePoint started_;
    std::atomic<uint64_t> requests_{0};
};

}  // namespace freshet::http
