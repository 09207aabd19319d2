// One load-generating thread: a closed loop over keep-alive HTTP/1.1 connections driven by
// epoll. Each connection sends its next request as soon as the previous response is complete.
#pragma once

#include <netinet/in.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "histogram.h"

namespace freshet::bench {

using SteadyTime = std::chrono::steady_clock::time_point;

struct ThreadResult {
    Histogram latency;
    uint64_t ok = 0;       // 2xx responses completed inside the measured window
    uint64_t non_2xx = 0;  // complete responses with any other status
    uint64_t errors = 0;   // connect/read/write/parse failures and early closes
};

struct ClientConfig {
    sockaddr_in addr{};
    int connections = 1;
    SteadyTime measure_from;  // responses completing earlier are warm-up, not recorded
    SteadyTime stop_at;
    // Returns the request bytes to send; called when the client wants a fresh signature.
    std::function<std::string()> make_request;
    // Signing costs ~10 µs (measured), a quarter of a core at 25k req/s on a 2-core machine
    // shared with the server, so requests are re-signed periodically (well inside the 15-minute
    // skew) rather than per request.
    std::chrono::seconds resign_every{60};
};

ThreadResult run_client(const ClientConfig& cfg);

}  // namespace freshet::bench
