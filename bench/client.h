// One load-generating thread: a closed loop over keep-alive HTTP/1.1 connections driven by
// epoll. Each connection sends its next request as soon as the previous response is complete.
#pragma once

#include <netinet/in.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "histogram.h"

namespace freshet::bench {

using SteadyTime = std::chrono::steady_clock::time_point;

struct ThreadResult {
    Histogram latency;
    uint64_t ok = 0;          // 2xx responses completed inside the measured window
    uint64_t non_2xx = 0;     // complete responses with any other status
    uint64_t errors = 0;      // connect/read/write/parse failures and early closes
    uint64_t unexpected = 0;  // 2xx responses without ClientConfig::expect in the body
};

struct ClientConfig {
    sockaddr_in addr{};
    int connections = 1;
    SteadyTime measure_from;  // responses completing earlier are warm-up, not recorded
    SteadyTime stop_at;
    // Returns the request bytes connection `conn` sends; called when the client wants a fresh
    // signature. With per_connection false, one request (conn = first_conn) serves them all.
    std::function<std::string(int conn)> make_request;
    bool per_connection = false;
    int first_conn = 0;  // index of this thread's first connection among all threads'
    std::string expect;  // see ThreadResult::unexpected; empty = any 2xx body
    // Signing costs ~10 µs (measured), a quarter of a core at 25k req/s on a 2-core machine
    // shared with the server, so requests are re-signed periodically (well inside the 15-minute
    // skew) rather than per request.
    std::chrono::seconds resign_every{60};
};

ThreadResult run_client(const ClientConfig& cfg);

enum class Parse { Incomplete, Done, Bad };

struct Response {
    int status = 0;
    bool close = false;
    size_t length = 0;  // header + body bytes
    size_t body = 0;    // offset of the body
};

// Minimal HTTP/1.1 response parser: status line, Content-Length, Connection: close. Chunked
// bodies are not expected from any server measured; a response without Content-Length is Bad.
Parse parse_response(std::string_view buf, Response& r);

}  // namespace freshet::bench
