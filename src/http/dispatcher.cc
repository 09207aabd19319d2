#include "http/dispatcher.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>

#include "core/encoding.h"
#include "core/ids.h"
#include "core/shape/validate.h"
#include "http/protocols/json_protocol.h"
#include "http/protocols/query_protocol.h"
#include "http/protocols/rest_json_protocol.h"
#include "http/protocols/rest_xml_protocol.h"
#include "http/s3_stream.h"
#include "iam/credentials.h"
#include "iam/sigv4/auth.h"

namespace freshet::http {
namespace json = boost::json;
using shape::Protocol;

namespace {

// AWS's allowed clock skew for signed requests.
constexpr std::chrono::seconds kSkew = std::chrono::minutes(15);

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        if (tolower(static_cast<unsigned char>(s[i])) !=
            tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    }
    return true;
}

}  // namespace

// The SigV4 scope's service, from the Authorization header or a presigned query, without
// verifying anything: the query protocol and S3 name their service only there.
std::string scope_service(const Request& req) {
    std::string_view cred;
    if (const std::string* auth = req.header("Authorization")) {
        size_t at = auth->find("Credential=");
        if (at != std::string::npos) cred = std::string_view(*auth).substr(at + 11);
    } else {
        size_t at = req.query.find("X-Amz-Credential=");
        if (at != std::string::npos) cred = std::string_view(req.query).substr(at + 17);
    }
    // AKID/date/region/service/aws4_request, '/' possibly written %2F in a query. Called for
    // every request, so it only allocates when the credential is percent-encoded.
    size_t stop = 0;
    while (stop < cred.size() && cred[stop] != ',' && cred[stop] != ' ' && cred[stop] != '&')
        ++stop;
    std::string_view text = cred.substr(0, stop);
    std::string decoded;
    if (text.find('%') != std::string_view::npos) {
        if (auto d = percent_decode(text, false)) decoded = std::move(*d);
        text = decoded.empty() ? text : std::string_view(decoded);
    }
    size_t start = 0;
    for (int part = 0; part < 3; ++part) {
        size_t slash = text.find('/', start);
        if (slash == std::string_view::npos) return std::string();
        start = slash + 1;
    }
    size_t end = text.find('/', start);
    if (end == std::string_view::npos) return std::string();
    return std::string(text.substr(start, end - start));
}

namespace {

Response encode_error(const Service* svc, Protocol protocol, const ApiError& e,
                      const std::string& request_id) {
    if (protocol == Protocol::Query) {
        const char* ns = svc ? svc->model().xml_namespace : "";
        Response r{e.status, {}, encode_query_error(ns, e, request_id)};
        r.headers.push_back({"Content-Type", "text/xml"});
        r.headers.push_back({"x-amzn-RequestId", request_id});
        return r;
    }
    if (protocol == Protocol::RestJson) return rest_json_error(e, request_id);
    if (protocol == Protocol::RestXml) return rest_xml_error(e, request_id, false);
    return json_error_response(svc ? svc->model().json_version : "1.1", e, request_id);
}

}  // namespace

// Where a request goes: its service, protocol, operation and decoded input.
struct Dispatcher::Routed {
    const Service* service = nullptr;
    Protocol protocol = Protocol::Json;
    std::string operation;
    json::value input;
};

Dispatcher::Dispatcher(DispatcherOptions options, const iam::CredentialStore& credentials,
                       const iam::Authorizer& authorizer)
    : options_(std::move(options)),
      credentials_(credentials),
      authorizer_(authorizer),
      verifier_(std::make_unique<iam::sigv4::Verifier>(*options_.clock)),
      streams_(std::make_unique<StreamedPayloads>()),
      started_(options_.clock->now()) {}

Dispatcher::~Dispatcher() = default;

void Dispatcher::add(std::shared_ptr<Service> service) {
    services_.push_back(std::move(service));
}

Response Dispatcher::health() const {
    json::object services;
    for (const auto& s : services_) services[s->model().signing_name] = "running";
    auto uptime =
        std::chrono::duration_cast<std::chrono::milliseconds>(options_.clock->now() - started_);
    json::object body{{"status", "ok"},
                      {"version", options_.version},
                      {"services", std::move(services)},
                      {"uptime_seconds", static_cast<double>(uptime.count()) / 1000.0},
                      {"requests", requests_served()}};
    Response r{200, {{"Content-Type", "application/json"}}, json::serialize(body)};
    return r;
}

Result<Principal> Dispatcher::authenticate(const Request& req, const Service& svc) const {
    namespace sigv4 = iam::sigv4;
    const std::string name = svc.model().signing_name;
    // S3 signs its path encoded once, takes the payload hash from x-amz-content-sha256 and
    // words time failures its own way (sigv4/auth.h).
    const bool s3 = name == "s3";
    sigv4::RequestView view{req.method, req.path, req.query, &req.headers, req.body};
    sigv4::ParsedAuth auth;
    sigv4::AuthFailure failure;
    if (!sigv4::parse(view, auth, failure)) return sigv4::to_api_error(failure, name);
    // AWS's order: the time window and the scope are checked before the key is looked up.
    if (auto f = sigv4::check_time(auth, options_.clock->now(), kSkew, s3)) {
        return sigv4::to_api_error(*f, name);
    }
    // Any region is accepted (compatibility note: clients signing for their default region
    // work against one Freshet); the service must be the one the request is for.
    if (auto f = sigv4::check_scope(auth, "", name)) return sigv4::to_api_error(*f, name);
    auto cred = credentials_.find(auth.access_key_id);
    if (!cred || !cred->active) {
        return sigv4::to_api_error({sigv4::AuthErrorKind::UnrecognizedClient, ""}, name);
    }
    if (auto f = verifier_->verify(view, auth, cred->secret_access_key, s3)) {
        return sigv4::to_api_error(*f, name);
    }
    if (!cred->session_token.empty() && cred->session_token != auth.security_token) {
        return sigv4::to_api_error({sigv4::AuthErrorKind::InvalidToken, ""}, name);
    }
    if (options_.clock->now() >= cred->principal.expires) {
        return sigv4::to_api_error({sigv4::AuthErrorKind::ExpiredToken, ""}, name);
    }
    return cred->principal;
}

// Finds the service and operation of an awsJson request (X-Amz-Target) and parses its body.
Result<void> Dispatcher::route_json(const Request& req, const std::string& target,
                                    Routed& routed) const {
    routed.protocol = Protocol::Json;
    size_t dot = target.find('.');
    std::string prefix = target.substr(0, dot);
    routed.operation = dot == std::string::npos ? "" : target.substr(dot + 1);
    for (const auto& s : services_) {
        if (s->model().protocol == Protocol::Json && prefix == s->model().target_prefix)
            routed.service = s.get();
    }
    if (!routed.service) return ApiError{"UnknownOperationException", "", 400};
    FRESHET_TRY(input, decode_json_body(req.body, routed.service->dialect()));
    routed.input = std::move(input);
    return Ok{};
}

// Finds the service and operation of a query-protocol request (Action=, and the service in
// the SigV4 scope) and decodes its parameters into the input shape.
Result<void> Dispatcher::route_query(const Request& req, Routed& routed) const {
    routed.protocol = Protocol::Query;
    auto params =
        parse_form(req.method == "GET" ? std::string_view(req.query) : std::string_view(req.body));
    const std::string* action = params ? form_value(*params, "Action") : nullptr;
    routed.operation = action ? *action : "";
    std::string service = scope_service(req);
    for (const auto& s : services_) {
        if (s->model().protocol != Protocol::Query) continue;
        // The scope names the service; unsigned requests are matched by their action.
        if (service == s->model().signing_name ||
            (service.empty() && s->model().find_operation(routed.operation)))
            routed.service = s.get();
    }
    if (!routed.service || !params) {
        return ApiError{"InvalidAction",
                        fmt::format("Could not find operation {}", routed.operation), 400};
    }
    const auto* op = routed.service->model().find_operation(routed.operation);
    routed.input = op ? decode_query(routed.service->model(), op->input, *params)
                      : json::value(json::object());
    return Ok{};
}

// Finds the REST-JSON operation whose method and URI template match, and binds its input.
Result<void> Dispatcher::route_rest(const Request& req, Routed& routed) const {
    for (const auto& s : services_) {
        if (s->model().protocol != Protocol::RestJson) continue;
        const auto* op = match_rest_operation(s->model(), req.method, req.path, req.query);
        if (!op) continue;
        routed.service = s.get();
        routed.protocol = Protocol::RestJson;
        routed.operation = op->name;
        FRESHET_TRY(input, decode_rest_json(s->model(), *op, req, s->dialect()));
        routed.input = std::move(input);
        return Ok{};
    }
    return ApiError{"UnknownOperationException", "", 400};
}

RequestContext Dispatcher::context_for(Principal principal, const Request& req,
                                       const std::string& request_id) const {
    RequestContext ctx;
    ctx.principal = std::move(principal);
    ctx.request_id = request_id;
    ctx.region = options_.region;
    ctx.source_ip = req.remote_address;
    ctx.secure_transport = req.secure;
    ctx.clock = options_.clock;
    ctx.received = options_.clock->now();
    ctx.post = options_.post;
    return ctx;
}

void Dispatcher::handle(Request&& req, Respond respond) {
    requests_.fetch_add(1, std::memory_order_relaxed);
    const std::string request_id = ids::uuid4();
    if (req.method == "GET" && req.path == "/_freshet/health") return respond(health());
    if (s3_service() && is_s3_request(req)) {
        return handle_s3(std::move(req), request_id, std::move(respond));
    }

    Routed routed;
    Result<void> routing = ApiError{"UnknownOperationException", "", 400};
    const std::string* ct = req.header("Content-Type");
    if (const std::string* target = req.header("X-Amz-Target")) {
        routing = route_json(req, *target, routed);
    } else if ((ct && starts_with_ci(*ct, "application/x-www-form-urlencoded")) ||
               (req.method == "GET" && req.query.find("Action=") != std::string::npos)) {
        routing = route_query(req, routed);
    } else {
        routing = route_rest(req, routed);
    }
    if (!routing.ok()) {
        return respond(encode_error(routed.service, routed.protocol, routing.error(), request_id));
    }

    const Service& svc = *routed.service;
    const Action* action = svc.find_action(routed.operation);
    if (!action || !svc.model().find_operation(routed.operation)) {
        ApiError e{svc.dialect().unknown_operation_code, "", 400};
        if (routed.protocol == Protocol::Query) {
            e.message = fmt::format("Could not find operation {} for version {}", routed.operation,
                                    svc.model().api_version);
        }
        return respond(encode_error(&svc, routed.protocol, e, request_id));
    }
    auto principal = authenticate(req, svc);
    if (!principal)
        return respond(encode_error(&svc, routed.protocol, principal.error(), request_id));

    RequestContext ctx = context_for(std::move(principal).value(), req, request_id);

    const Protocol protocol = routed.protocol;
    const auto* op = svc.model().find_operation(routed.operation);
    run(svc, *action, std::move(ctx), std::move(routed.input),
        [&svc, op, protocol, request_id, respond = std::move(respond)](Result<json::value> r) {
            if (!r.ok()) return respond(encode_error(&svc, protocol, r.error(), request_id));
            if (protocol == Protocol::Query) {
                Response resp{200,
                              {{"Content-Type", "text/xml"}, {"x-amzn-RequestId", request_id}},
                              encode_query_result(svc.model(), *op, r.value(), request_id)};
                return respond(std::move(resp));
            }
            if (protocol == Protocol::RestJson) {
                return respond(encode_rest_json(svc.model(), *op, r.value(), request_id));
            }
            respond(json_response(svc.model().json_version, r.value(), request_id));
        });
}

void Dispatcher::run(const Service& svc, const Action& action, RequestContext ctx,
                     json::value input, JsonCallback done) const {
    const auto& model = svc.model();
    const auto* op = model.find_operation(action.name);
    const uint16_t shape = op ? op->input : shape::kNone;
    if (shape != shape::kNone) {
        if (!input.is_object()) input = json::object();
        if (auto e = shape::check_types(model, shape, input)) {
            return done(ApiError{svc.dialect().serialization_code, *e, 400, true,
                                 svc.dialect().serialization_capital_message});
        }
        if (auto e = shape::validate(model, shape, input)) {
            return done(ApiError{svc.dialect().validation_code, *e, 400});
        }
    }
    try {
        if (options_.iam_mode != IamMode::Off && action.authorize) {
            std::vector<std::string> resources =
                action.resources ? action.resources(ctx, input)
                                 : std::vector<std::string>{action.resource(ctx, input)};
            Result<void> allowed = Ok{};
            for (const auto& resource : resources) {
                allowed = authorizer_.authorize(ctx, action.iam_action, resource);
                if (!allowed.ok()) break;
            }
            if (allowed.ok() && action.also_authorize) {
                for (const auto& [iam_action, resource] : action.also_authorize(ctx, input)) {
                    allowed = authorizer_.authorize(ctx, iam_action, resource);
                    if (!allowed.ok()) break;
                }
            }
            if (!allowed.ok()) {
                if (options_.iam_mode == IamMode::Enforce) {
                    ApiError e = allowed.error();
                    if (model.protocol == Protocol::RestXml) {
                        e.code = "AccessDenied";  // S3: 403 with the XML error body
                        e.status = 403;
                    } else if (model.protocol != Protocol::Query) {
                        e.code = "AccessDeniedException";
                        // The JSON services answer 400; Lambda's REST API answers 403.
                        e.status = model.protocol == Protocol::RestJson ? 403 : 400;
                        // Kinesis spells this error's message key "Message".
                        e.capital_message_key = std::string_view(model.signing_name) == "kinesis";
                    }
                    return done(std::move(e));
                }
                spdlog::warn("iam (warn mode): would deny {}: {}", action.iam_action,
                             allowed.error().message);
            }
        }
        action.run(ctx, input, std::move(done));
    } catch (const std::exception& ex) {
        spdlog::error("{} {}: internal error: {}", model.signing_name, action.name, ex.what());
        done(ApiError::internal());
    }
}

void Dispatcher::call(std::string_view service, std::string_view operation, json::value input,
                      const Principal& as, Callback done) {
    for (const auto& s : services_) {
        if (s->model().signing_name != service) continue;
        // Several services may share a signing name (Lambda's functions and mappings).
        const Action* action = s->find_action(operation);
        if (!action) continue;
        RequestContext ctx;
        ctx.principal = as;
        ctx.request_id = ids::uuid4();
        ctx.region = options_.region;
        ctx.clock = options_.clock;
        ctx.received = options_.clock->now();
        ctx.post = options_.post;
        return run(*s, *action, std::move(ctx), std::move(input), std::move(done));
    }
    done(ApiError{"UnknownOperationException",
                  fmt::format("{} has no operation {}", service, operation), 400});
}

}  // namespace freshet::http
