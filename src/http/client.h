// A small synchronous HTTP/1.1 client with keep-alive, for the CLI and tests. Beast stays
// behind the pimpl.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace freshet::http {

// One persistent connection to host:port, opened on first use. Not thread-safe: use one
// Client per thread.
class Client {
  public:
    // `timeout` bounds each step (connect, write, read) of a send().
    Client(std::string host, uint16_t port,
           std::chrono::milliseconds timeout = std::chrono::seconds(30));
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // Sends one request and returns the final response (interim 1xx answers, such as the
    // 100 Continue an "Expect: 100-continue" request gets, are skipped). Adds Host unless
    // given and always sets Content-Length from `body`. If a reused connection turns out to
    // have been closed by the server, reconnects once and resends. Transport failures are
    // ApiError "InternalFailure" with the socket error text ("Connection refused").
    Result<Response> send(const std::string& method, const std::string& target,
                          std::vector<Header> headers, std::string body);

    // Closes the connection; the next send() opens a new one.
    void close();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

struct Endpoint {
    std::string host;
    uint16_t port = 80;
};

// Parses "http://host:port" (also "http://host", port 80, an optional trailing '/', and
// "http://[::1]:4566"). Error "InvalidEndpoint" for https (no TLS), a path, user info, or
// anything that is not a host and a port in 1..65535.
Result<Endpoint> parse_endpoint(std::string_view url);

}  // namespace freshet::http
