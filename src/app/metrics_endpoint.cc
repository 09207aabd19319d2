#include "app/metrics_endpoint.h"

#include "core/crypto.h"
#include "core/metrics.h"
#include "http/dispatcher.h"

namespace freshet::app {

MetricsEndpoint::MetricsEndpoint(std::string token, const http::Dispatcher& dispatcher)
    : token_(std::move(token)), dispatcher_(dispatcher) {}

bool MetricsEndpoint::wants(const http::Request& r) {
    if (r.path != "/metrics" || (r.method != "GET" && r.method != "HEAD")) return false;
    const std::string* auth = r.header("Authorization");
    if (auth && auth->starts_with("AWS4-HMAC-SHA256")) return false;
    return r.query.find("X-Amz-Signature=") == std::string::npos;
}

http::Response MetricsEndpoint::answer(const http::Request& r,
                                       const std::optional<Result<void>>& session) const {
    auto text = [](int status, std::string body) {
        return http::Response{
            status, {{"Content-Type", "text/plain; charset=utf-8"}}, std::move(body)};
    };
    const std::string* auth = r.header("Authorization");
    const std::string expected = "Bearer " + token_;
    if (session && !session->ok() && !auth) return text(403, session->error().message + "\n");
    if ((!session || !session->ok()) && (!auth || !crypto::constant_time_equal(*auth, expected))) {
        auto denied = text(401,
                           "Unauthorized: send the metrics token as \"Authorization: Bearer "
                           "<token>\" (see <data-dir>/metrics-token or --metrics-token)\n");
        denied.headers.push_back({"WWW-Authenticate", "Bearer realm=\"freshet\""});
        return denied;
    }
    MetricsWriter w;
    w.family("freshet_http_requests_total", "counter",
             "Requests the server has answered (all services).");
    w.sample("freshet_http_requests_total", {}, double(dispatcher_.requests_served()));
    for (const auto& s : dispatcher_.services()) s->write_metrics(w);
    auto ok = text(200, w.text());
    ok.headers[0].value = "text/plain; version=0.0.4; charset=utf-8";
    return ok;
}

}  // namespace freshet::app
