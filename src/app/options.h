// The server's settings: flags of `freshet serve`, each also a FRESHET_* environment variable.
#pragma once

#include <cstdint>
#include <string>

#include "http/dispatcher.h"

namespace freshet::app {

struct ServeOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 4566;
    std::string data_dir = "./freshet-data";
    std::string region = "us-east-1";
    http::IamMode iam = http::IamMode::Enforce;
    bool durable = true;  // --durability sync (true) | relaxed (false)
    std::string log_level = "info";
    unsigned threads = 0;            // 0: one per core
    std::string metrics_token;       // empty: derived from the installation's secret
    unsigned ttl_sweep_ms = 30'000;  // how often expired items are looked for (time to live)
    // HTTP connections (http::ServerOptions): a request's headers and body must arrive within
    // read_timeout_s of its first byte; a keep-alive connection waits idle_timeout_s for the
    // next one; connections past max_connections are closed as they are accepted.
    unsigned read_timeout_s = 60;
    unsigned idle_timeout_s = 300;
    unsigned max_connections = 20'000;
};

}  // namespace freshet::app
