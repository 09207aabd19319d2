// The console's HTTP side (README.md, "Routes"): its page and bundle, sign-in and sign-out,
// and /api/call, which runs AWS actions as the signed-in principal through the in-process
// client, so that validation and IAM apply exactly as they do to a signed request.
//
// Thread safety: handle() and metrics_access() from any IO thread once constructed.
#pragma once

#include <optional>
#include <string>

#include "console/sessions.h"
#include "core/client.h"
#include "core/result.h"
#include "http/message.h"
#include "http/server.h"
#include "iam/credentials.h"

namespace freshet::console {

struct ConsoleDeps {
    const iam::CredentialStore* credentials = nullptr;  // every key a principal signs with
    const iam::Authorizer* authorizer = nullptr;        // for the metrics
    ServiceClient* client = nullptr;                    // runs /api/call
    std::string region;
    const Clock* clock = &system_clock();
};

class ConsoleEndpoint {
  public:
    static constexpr const char* kCookie = "freshet_console";

    explicit ConsoleEndpoint(ConsoleDeps deps);

    static bool wants(const http::Request& r) {
        return r.path == "/_console" || r.path.starts_with("/_console/");
    }
    void handle(http::Request&& r, http::Respond respond);

    // For GET /metrics: nullopt when the request carries no live console session; otherwise
    // whether its principal may read metrics (cloudwatch:GetMetricData), with IAM's message.
    std::optional<Result<void>> metrics_access(const http::Request& r) const;

    // The path and query of a one-time sign-in link for the root key (printed at start-up).
    std::string issue_root_link(const std::string& root_access_key_id);

    Sessions& sessions() { return sessions_; }

  private:
    struct Caller {
        Session session;
        Principal principal;
    };
    // The session of the request's cookie whose key is still valid, or the error to answer.
    Result<Caller> caller(const http::Request& r) const;

    http::Response page(const http::Request& r, std::string_view asset) const;
    http::Response signin_link(const http::Request& r);
    http::Response sign_in(const http::Request& r);
    http::Response session_info(const http::Request& r) const;
    http::Response sign_out(const http::Request& r);
    void call(const http::Request& r, http::Respond respond);

    ConsoleDeps deps_;
    mutable Sessions sessions_;
};

}  // namespace freshet::console
