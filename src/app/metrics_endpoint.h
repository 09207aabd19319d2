// GET /metrics: the server's and the services' metrics in the Prometheus text format, for
// Prometheus (bearer_token_file) and the console. It answers only with the metrics token:
// `--metrics-token` (FRESHET_METRICS_TOKEN), or else one derived from the installation's
// secret and written to <data-dir>/metrics-token (mode 0600) at start-up.
//
// Thread safety: answer() from any thread once constructed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/service.h"
#include "http/message.h"

namespace freshet::http {
class Dispatcher;
}

namespace freshet::app {

class MetricsEndpoint {
  public:
    MetricsEndpoint(std::string token, const http::Dispatcher& dispatcher);

    static bool wants(const http::Request& r) { return r.path == "/metrics"; }
    http::Response answer(const http::Request& r) const;

  private:
    std::string token_;
    const http::Dispatcher& dispatcher_;
};

}  // namespace freshet::app
