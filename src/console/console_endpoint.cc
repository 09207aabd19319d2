#include "console/console_endpoint.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "console/assets.h"
#include "core/crypto.h"
#include "core/encoding.h"

namespace freshet::console {

namespace json = boost::json;

namespace {

constexpr int kMaxAge = 12 * 3600;  // Sessions::kLifetime, in the cookie

void add_security_headers(http::Response& out) {
    out.headers.push_back({"Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                           "base-uri 'none'; form-action 'self'"});
    out.headers.push_back({"X-Content-Type-Options", "nosniff"});
    out.headers.push_back({"X-Frame-Options", "DENY"});
    out.headers.push_back({"Referrer-Policy", "no-referrer"});
}

http::Response json_response(int status, const json::value& body) {
    http::Response out;
    out.status = status;
    out.headers.push_back({"Content-Type", "application/json"});
    out.headers.push_back({"Cache-Control", "no-store"});
    add_security_headers(out);
    out.body = json::serialize(body);
    return out;
}

http::Response error_response(const ApiError& e) {
    return json_response(e.status, json::object{{"__type", e.code}, {"message", e.message}});
}

http::Response redirect(std::string location) {
    http::Response out;
    out.status = 303;
    out.headers.push_back({"Location", std::move(location)});
    out.headers.push_back({"Cache-Control", "no-store"});
    add_security_headers(out);
    return out;
}

std::string session_cookie(const std::string& token, int max_age) {
    return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict",
                       ConsoleEndpoint::kCookie, token, max_age);
}

// The value of cookie `name` in the request's Cookie headers, or "".
std::string cookie_value(const http::Request& r, std::string_view name) {
    for (const auto& h : r.headers) {
        if (!http::iequals(h.name, "Cookie")) continue;
        std::string_view rest = h.value;
        while (!rest.empty()) {
            size_t end = rest.find(';');
            std::string_view pair = rest.substr(0, end);
            rest = end == std::string_view::npos ? "" : rest.substr(end + 1);
            while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
            if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=')
                return std::string(pair.substr(name.size() + 1));
        }
    }
    return "";
}

std::string query_param(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        size_t end = query.find('&');
        std::string_view pair = query.substr(0, end);
        query = end == std::string_view::npos ? "" : query.substr(end + 1);
        size_t eq = pair.find('=');
        if (pair.substr(0, eq) != name || eq == std::string_view::npos) continue;
        return percent_decode(pair.substr(eq + 1), true).value_or("");
    }
    return "";
}

bool is_json(const http::Request& r) {
    const std::string* type = r.header("Content-Type");
    return type && (*type == "application/json" || type->starts_with("application/json;"));
}

const char* type_name(PrincipalType t) {
    switch (t) {
        case PrincipalType::Root:
            return "Root";
        case PrincipalType::User:
            return "User";
        case PrincipalType::AssumedRole:
            return "AssumedRole";
        default:
            return "Service";
    }
}

json::object session_json(const Session& s, const Principal& p) {
    const auto expires =
        std::chrono::duration_cast<std::chrono::seconds>(s.expires().time_since_epoch());
    return json::object{{"principal", json::object{{"arn", p.arn},
                                                   {"type", type_name(p.type)},
                                                   {"name", p.name},
                                                   {"accountId", p.account_id}}},
                        {"csrfToken", s.csrf_token},
                        {"expiresAt", expires.count()}};
}

ApiError not_signed_in(std::string message) {
    return ApiError{"NotSignedIn", std::move(message), 401};
}

std::optional<std::string> string_member(const json::value& v, std::string_view key) {
    const json::object* o = v.if_object();
    const json::value* m = o ? o->if_contains(key) : nullptr;
    if (!m || !m->is_string()) return std::nullopt;
    return std::string(m->get_string());
}

}  // namespace

ConsoleEndpoint::ConsoleEndpoint(ConsoleDeps deps)
    : deps_(std::move(deps)), sessions_(*deps_.clock) {}

std::string ConsoleEndpoint::issue_root_link(const std::string& root_access_key_id) {
    return "/_console/signin?token=" + sessions_.issue_link(root_access_key_id);
}

void ConsoleEndpoint::handle(http::Request&& r, http::Respond respond) {
    const std::string& path = r.path;
    const bool read = r.method == "GET" || r.method == "HEAD";
    if (path == "/_console") return respond(redirect("/_console/"));
    if (read && (path == "/_console/" || path == "/_console/index.html"))
        return respond(page(r, "index.html"));
    if (read && path.starts_with("/_console/assets/"))
        return respond(page(r, std::string_view(path).substr(17)));
    if (read && path == "/_console/signin") return respond(signin_link(r));
    if (path == "/_console/api/session") {
        if (r.method == "POST") return respond(sign_in(r));
        if (r.method == "GET") return respond(session_info(r));
        if (r.method == "DELETE") return respond(sign_out(r));
    } else if (path == "/_console/api/call" && r.method == "POST") {
        return call(r, std::move(respond));
    }
    respond(error_response(
        ApiError{"NotFound", fmt::format("The console has no {} {}.", r.method, r.path), 404}));
}

http::Response ConsoleEndpoint::page(const http::Request& r, std::string_view name) const {
    auto asset = find_asset(name);
    if (!asset) {
        return error_response(
            ApiError{"NotFound", fmt::format("The console has no file {}.", name), 404});
    }
    http::Response out;
    out.headers.push_back({"Content-Type", asset->content_type});
    out.headers.push_back({"Cache-Control", "no-cache"});
    out.headers.push_back({"ETag", asset->etag});
    add_security_headers(out);
    const std::string* match = r.header("If-None-Match");
    if (match && *match == asset->etag) {
        out.status = 304;
    } else {
        out.body = std::move(asset->body);
    }
    return out;
}

Result<ConsoleEndpoint::Caller> ConsoleEndpoint::caller(const http::Request& r) const {
    const std::string token = cookie_value(r, kCookie);
    if (token.empty()) return not_signed_in("Sign in to use the console.");
    auto session = sessions_.touch(token);
    if (!session) return not_signed_in("Your console session has ended. Sign in again.");
    auto credential = deps_.credentials->find(session->access_key_id);
    if (!credential || !credential->active || credential->principal.expires <= deps_.clock->now()) {
        sessions_.remove(token);
        return not_signed_in(
            "The access key this session signed in with is no longer valid. Sign in again.");
    }
    return Caller{std::move(*session), std::move(credential->principal)};
}

http::Response ConsoleEndpoint::signin_link(const http::Request& r) {
    auto key = sessions_.redeem_link(query_param(r.query, "token"));
    if (!key) return redirect("/_console/?signin=expired");
    auto credential = deps_.credentials->find(*key);
    if (!credential || !credential->active) return redirect("/_console/?signin=expired");
    Session s = sessions_.create(*key);
    auto out = redirect("/_console/");
    out.headers.push_back({"Set-Cookie", session_cookie(s.token, kMaxAge)});
    return out;
}

// Sign-in checks the key pair the way SigV4 verification would judge a request signed with
// it, and answers STS's errors for the same faults.
http::Response ConsoleEndpoint::sign_in(const http::Request& r) {
    if (!is_json(r)) {
        return error_response(ApiError{"UnsupportedMediaType",
                                       "Sign-in takes a JSON body (Content-Type: "
                                       "application/json).",
                                       415});
    }
    boost::system::error_code ec;
    json::value body = json::parse(r.body, ec);
    auto id = ec ? std::nullopt : string_member(body, "accessKeyId");
    auto secret = ec ? std::nullopt : string_member(body, "secretAccessKey");
    if (!id || !secret || id->empty() || secret->empty()) {
        return error_response(ApiError{"ValidationException",
                                       "Enter an access key ID and a secret access key.", 400});
    }
    const std::string token = string_member(body, "sessionToken").value_or("");
    const ApiError invalid{"InvalidClientTokenId",
                           "The security token included in the request is invalid.", 403};
    auto credential = deps_.credentials->find(*id);
    if (!credential || !credential->active) return error_response(invalid);
    if (!crypto::constant_time_equal(credential->secret_access_key, *secret)) {
        return error_response(ApiError{
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.",
            403});
    }
    if (!crypto::constant_time_equal(credential->session_token, token))
        return error_response(invalid);
    if (credential->principal.expires <= deps_.clock->now()) {
        return error_response(
            ApiError{"ExpiredToken", "The security token included in the request is expired", 403});
    }
    Session s = sessions_.create(*id);
    auto out = json_response(200, session_json(s, credential->principal));
    out.headers.push_back({"Set-Cookie", session_cookie(s.token, kMaxAge)});
    return out;
}

http::Response ConsoleEndpoint::session_info(const http::Request& r) const {
    auto c = caller(r);
    if (!c.ok()) return error_response(c.error());
    return json_response(200, session_json(c->session, c->principal));
}

namespace {

// Changes need the session's CSRF token in a header, which a cross-site page cannot send.
std::optional<ApiError> csrf_error(const http::Request& r, const Session& s) {
    const std::string* sent = r.header("X-Freshet-Csrf");
    if (sent && crypto::constant_time_equal(*sent, s.csrf_token)) return std::nullopt;
    return ApiError{"InvalidCsrfToken",
                    "The request did not carry this session's X-Freshet-Csrf token.", 403};
}

}  // namespace

http::Response ConsoleEndpoint::sign_out(const http::Request& r) {
    auto c = caller(r);
    if (!c.ok()) return error_response(c.error());
    if (auto e = csrf_error(r, c->session)) return error_response(*e);
    sessions_.remove(c->session.token);
    http::Response out;
    out.status = 204;
    out.headers.push_back({"Set-Cookie", session_cookie("", 0)});
    out.headers.push_back({"Cache-Control", "no-store"});
    add_security_headers(out);
    return out;
}

void ConsoleEndpoint::call(const http::Request& r, http::Respond respond) {
    auto c = caller(r);
    if (!c.ok()) return respond(error_response(c.error()));
    if (auto e = csrf_error(r, c->session)) return respond(error_response(*e));
    if (!is_json(r)) {
        return respond(
            error_response(ApiError{"UnsupportedMediaType", "Calls take a JSON body.", 415}));
    }
    boost::system::error_code ec;
    json::value body = json::parse(r.body, ec);
    auto service = ec ? std::nullopt : string_member(body, "service");
    auto action = ec ? std::nullopt : string_member(body, "action");
    const json::value* input =
        ec || !body.is_object() ? nullptr : body.as_object().if_contains("input");
    if (!service || !action || (input && !input->is_object())) {
        return respond(error_response(
            ApiError{"ValidationException",
                     "A call is {\"service\": ..., \"action\": ..., \"input\": {...}}.", 400}));
    }
    json::value in = input ? *input : json::value(json::object{});
    deps_.client->call(*service, *action, std::move(in), c->principal,
                       [respond = std::move(respond)](Result<json::value> out) {
                           if (!out.ok()) return respond(error_response(out.error()));
                           respond(json_response(200, *out));
                       });
}

std::optional<Result<void>> ConsoleEndpoint::metrics_access(const http::Request& r) const {
    if (cookie_value(r, kCookie).empty()) return std::nullopt;
    auto c = caller(r);
    if (!c.ok()) return std::nullopt;
    RequestContext ctx;
    ctx.principal = c->principal;
    ctx.region = deps_.region;
    ctx.source_ip = r.remote_address;
    ctx.clock = deps_.clock;
    ctx.received = deps_.clock->now();
    return deps_.authorizer->authorize(ctx, "cloudwatch:GetMetricData", "*");
}

}  // namespace freshet::console
