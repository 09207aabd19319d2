// GET /metrics: the server's and the services' metrics in the Prometheus text format, for
// Prometheus (bearer_token_file) and the console. It answers to the metrics token:
// `--metrics-token` (FRESHET_METRICS_TOKEN), or else one derived from the installation's
// secret and written to <data-dir>/metrics-token (mode 0600) at start-up; and to a console
// session whose principal may call cloudwatch:GetMetricData.
//
// Thread safety: answer() from any thread once constructed.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/service.h"
#include "http/message.h"

namespace freshet::http {
class Dispatcher;
}

namespace freshet::app {

class MetricsEndpoint {
  public:
    MetricsEndpoint(std::string token, const http::Dispatcher& dispatcher);

    // GET or HEAD /metrics, unless it is signed with SigV4: then it is S3's path-style call on
    // a bucket named "metrics".
    static bool wants(const http::Request& r);
    // `session`: the console's verdict on the request's session cookie (nullopt: none).
    http::Response answer(const http::Request& r,
                          const std::optional<Result<void>>& session = std::nullopt) const;

  private:
    std::string token_;
    const http::Dispatcher& dispatcher_;
};

}  // namespace freshet::app
