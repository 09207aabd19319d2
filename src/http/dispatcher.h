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
#include <optional>
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
class ChunkDecoder;
}  // namespace sigv4
}  // namespace freshet::iam

namespace freshet::http {

class S3PayloadStream;
class StreamedPayloads;

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

    // --- Streamed S3 payloads (HTTP/1.1; dispatcher_s3_stream.cc) ---
    //
    // The transport's ServerOptions::stream_body: a body limit for a request whose payload the
    // S3 service takes as a stream (PutObject, UploadPart: an S3 operation whose input payload
    // is a blob, signed with x-amz-content-sha256 or presigned), else nullopt. Requests signed
    // without x-amz-content-sha256 hash their body into the signature: those are read whole.
    std::optional<uint64_t> streamed_body_limit(const Request& head) const;

    // What the S3 service sees of a streamed request body (app wires these into it).
    struct StreamedBody {
        std::optional<uint64_t> size;  // declared payload size, if known
        // Reads the next piece: bytes, "" at the end once the payload is authenticated, or the
        // error to answer. See S3PayloadStream::read.
        std::function<void(std::function<void(Result<std::string>)>)> read;
    };
    // The streamed payload of request `request_id`, once; nullopt when its body came whole.
    std::optional<StreamedBody> take_request_body(const std::string& request_id);
    // Streams the reply body of request `request_id` (GetObject): `size` bytes in pieces from
    // `next` (see BodySource). False when the request takes its reply whole (the in-process
    // client): the handler then puts the bytes in the output.
    bool give_reply_body(const std::string& request_id, uint64_t size,
                         std::function<std::optional<std::string>()> next);

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
    // The streamed counterpart of s3_payload (dispatcher_s3_stream.cc).
    Result<std::shared_ptr<S3PayloadStream>> s3_payload_stream(const Request& req) const;
    // aws-chunked bodies: the chunk decoder of the request's signing key and chain.
    Result<std::unique_ptr<iam::sigv4::ChunkDecoder>> chunk_decoder(const Request& req,
                                                                    bool signed_chunks) const;

    DispatcherOptions options_;
    const iam::CredentialStore& credentials_;
    const iam::Authorizer& authorizer_;
    std::unique_ptr<iam::sigv4::Verifier> verifier_;  // one, so its signing-key cache works
    std::vector<std::shared_ptr<Service>> services_;
    std::unique_ptr<StreamedPayloads> streams_;
    TimePoint started_;
    std::atomic<uint64_t> requests_{0};
};

}  // namespace freshet::http
