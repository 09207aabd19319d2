// The S3 branch of the pipeline. S3 differs from the other services in ways that touch the
// request before any handler runs:
//   - it is recognised by its SigV4 scope ("s3", header or presigned query) or a virtual-host
//     Host ("<bucket>.s3.localhost"), so its paths never collide with Lambda's REST paths;
//   - the operation comes from method, path and sub-resource (rest_xml_protocol.h);
//   - the payload is authenticated by x-amz-content-sha256: a hash of the body, UNSIGNED-PAYLOAD,
//     or an aws-chunked body whose chunks are signed in a chain (iam/sigv4/chunked.h), decoded
//     here before the body is bound to the input;
//   - errors are S3's XML <Error> documents, with no body for HEAD.
// The rest (types, constraints, IAM, handler) is the common pipeline: Dispatcher::run.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cctype>

#include "core/crypto.h"
#include "core/encoding.h"
#include "http/dispatcher.h"
#include "http/protocols/rest_xml_protocol.h"
#include "http/s3_stream.h"
#include "iam/credentials.h"
#include "iam/sigv4/auth.h"
#include "iam/sigv4/chunked.h"

namespace freshet::http {

std::string scope_service(const Request& req);  // dispatcher.cc

namespace {

namespace json = boost::json;

// "<bucket>.s3.<anything>" or "<bucket>.localhost": the bucket of a virtual-host request.
std::string virtual_host_bucket(const Request& req) {
    const std::string* host = req.header("Host");
    if (!host) return {};
    std::string_view h(*host);
    h = h.substr(
        0, h.rfind(':') == std::string_view::npos || h.back() == ']' ? h.size() : h.rfind(':'));
    size_t at = h.find(".s3.");
    if (at != std::string_view::npos && at > 0) return std::string(h.substr(0, at));
    constexpr std::string_view kLocal = ".localhost";
    if (h.size() > kLocal.size() && h.substr(h.size() - kLocal.size()) == kLocal &&
        h.substr(0, h.size() - kLocal.size()) != "s3")
        return std::string(h.substr(0, h.size() - kLocal.size()));
    return {};
}

ApiError s3_error(std::string code, std::string message, int status) {
    return ApiError{std::move(code), std::move(message), status};
}

// aws-chunked is the transfer framing, not the object's encoding: S3 does not store it.
void drop_aws_chunked_encoding(std::vector<Header>& headers) {
    bool chunked = false;  // STREAMING-...: an aws-chunked body
    for (const auto& h : headers)
        chunked = chunked ||
                  (iequals(h.name, "x-amz-content-sha256") && h.value.rfind("STREAMING-", 0) == 0);
    if (!chunked) return;
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        if (iequals(it->name, "Content-Encoding") && iequals(it->value, "aws-chunked")) {
            headers.erase(it);
            break;
        }
    }
}

}  // namespace

// The path-style path of an S3 request: a virtual-host request's bucket moves into the path.
std::string s3_path(const Request& req) {
    std::string path = req.path;
    if (std::string bucket = virtual_host_bucket(req); !bucket.empty()) {
        path = "/" + uri_encode(bucket) + (path.empty() ? "/" : path);
        if (path.size() > 1 && path.back() == '/' && req.path == "/") path.pop_back();
    }
    return path;
}

const Service* Dispatcher::s3_service() const {
    for (const auto& s : services_) {
        if (s->model().protocol == shape::Protocol::RestXml) return s.get();
    }
    return nullptr;
}

bool Dispatcher::is_s3_request(const Request& req) {
    std::string scope = scope_service(req);
    if (scope == "s3") return true;
    if (!scope.empty()) return false;
    // Signature version 2, which only S3 still takes: refused in S3's words (AccessDenied),
    // not with another service's UnknownOperation.
    const std::string* auth = req.header("Authorization");
    if ((auth && auth->rfind("AWS ", 0) == 0) ||
        (req.query.find("AWSAccessKeyId=") != std::string::npos &&
         req.query.find("Signature=") != std::string::npos))
        return true;
    return !virtual_host_bucket(req).empty();
}

// Checks x-amz-content-sha256 against the body, or decodes an aws-chunked body in place.
// Runs after the request's own signature has verified.
Result<void> Dispatcher::s3_payload(Request& req) const {
    namespace sigv4 = iam::sigv4;
    const std::string* given = req.header("x-amz-content-sha256");
    if (!given || *given == "UNSIGNED-PAYLOAD") return Ok{};
    const bool streaming_signed = given->rfind(sigv4::kStreamingSignedPayload, 0) == 0;
    const bool streaming_unsigned = *given == sigv4::kStreamingUnsignedTrailer;
    if (!streaming_signed && !streaming_unsigned) {
        std::string computed = crypto::sha256_hex(req.body);
        std::string lower = *given;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == computed) return Ok{};
        // S3 API Reference, error codes: XAmzContentSHA256Mismatch.
        ApiError e = s3_error("XAmzContentSHA256Mismatch",
                              "The provided 'x-amz-content-sha256' header does not match what "
                              "was computed.",
                              400);
        e.details = {{"ClientComputedContentSHA256", *given},
                     {"S3ComputedContentSHA256", computed}};
        return e;
    }
    auto decoder = chunk_decoder(req, streaming_signed);
    if (!decoder.ok()) return std::move(decoder).take_error();
    std::string decoded;
    if (auto e = (*decoder)->feed(req.body, decoded); e != sigv4::ChunkError::None)
        return chunk_error(e);
    if (auto e = (*decoder)->finish(); e != sigv4::ChunkError::None) return chunk_error(e);
    if (const std::string* length = req.header("x-amz-decoded-content-length")) {
        if (*length != std::to_string(decoded.size())) return incomplete_body();
    }
    req.body = std::move(decoded);
    return Ok{};
}

Result<std::unique_ptr<iam::sigv4::ChunkDecoder>> Dispatcher::chunk_decoder(
    const Request& req, bool signed_chunks) const {
    namespace sigv4 = iam::sigv4;
    sigv4::RequestView view{req.method, req.path, req.query, &req.headers, req.body};
    sigv4::ParsedAuth auth;
    sigv4::AuthFailure failure;
    if (!sigv4::parse(view, auth, failure)) return sigv4::to_api_error(failure, "s3");
    crypto::Digest256 key{};
    if (signed_chunks) {
        auto cred = credentials_.find(auth.access_key_id);
        if (!cred) return sigv4::to_api_error({sigv4::AuthErrorKind::UnrecognizedClient, ""}, "s3");
        key = verifier_->key_for(cred->secret_access_key, auth);
    }
    return std::make_unique<sigv4::ChunkDecoder>(signed_chunks, key, std::move(auth));
}

void Dispatcher::handle_s3(Request&& req, const std::string& request_id, Respond respond) {
    const Service& svc = *s3_service();
    const bool head = req.method == "HEAD";
    const std::string path = s3_path(req);
    RestXmlMatch match = match_rest_xml_operation(svc.model(), req, path);
    const Action* action = match.op ? svc.find_action(match.op->name) : nullptr;
    if (!action) {
        // S3 API Reference, error codes: NotImplemented (501).
        return respond(rest_xml_error(
            s3_error("NotImplemented",
                     "A header you provided implies functionality that is not implemented", 501),
            request_id, head));
    }
    auto principal = authenticate(req, svc);
    if (!principal) return respond(rest_xml_error(principal.error(), request_id, head));
    // A streamed body is authenticated as it is read, by the handler's reads (s3_stream.h).
    std::shared_ptr<S3PayloadStream> payload;
    if (req.body_reader) {
        auto opened = s3_payload_stream(req);
        if (!opened.ok()) return respond(rest_xml_error(opened.error(), request_id, head));
        payload = std::move(opened).value();
    } else if (auto whole = s3_payload(req); !whole.ok()) {
        return respond(rest_xml_error(whole.error(), request_id, head));
    }
    drop_aws_chunked_encoding(req.headers);
    // botocore's model gives x-amz-copy-source the pattern of its "/bucket/key" form; S3 also
    // takes "bucket/key", which is what botocore sends.
    for (auto& h : req.headers) {
        if (iequals(h.name, "x-amz-copy-source") && !h.value.empty() && h.value[0] != '/')
            h.value.insert(0, "/");
    }
    auto input = decode_rest_xml(svc.model(), *match.op, req, path);
    if (!input.ok()) return respond(rest_xml_error(input.error(), request_id, head));

    RequestContext ctx = context_for(std::move(principal).value(), req, request_id);
    const shape::Operation* op = match.op;
    // The payload stream and a streamed reply (GetObject) meet the handler under the request id.
    const bool streamed_reply = blob_payload(svc.model(), op->output);
    StreamedPayloads* streams = nullptr;
    if (payload || streamed_reply) {
        streams = streams_.get();
        streams->open(request_id, std::move(payload), streamed_reply);
    }
    run(svc, *action, std::move(ctx), std::move(input).value(),
        [&svc, op, head, request_id, streams, respond = std::move(respond)](Result<json::value> r) {
            std::shared_ptr<BodySource> source = streams ? streams->close(request_id) : nullptr;
            if (!r.ok()) return respond(rest_xml_error(r.error(), request_id, head));
            Response response = encode_rest_xml(svc.model(), *op, r.value(), request_id, head);
            response.body_source = std::move(source);
            respond(std::move(response));
        });
}

}  // namespace freshet::http
