// Helpers for the transport tests: an echo handler, a raw socket client that lets tests send
// exact bytes, and waiting on a condition with a deadline.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/message.h"
#include "http/server.h"

namespace freshet::http::test {

using namespace std::chrono_literals;

// Answers 200 with a JSON object: method, target, path, query, body, remote, headers
// (a list of [name, value] pairs in arrival order).
Response echo(const Request& request);
Handler echo_handler();

// Polls `condition` until it holds or `timeout` passes; returns its final value.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 5s);

struct RawResponse {
    int status = 0;
    std::vector<Header> headers;
    std::string body;
    const std::string* header(std::string_view name) const;
};

// A blocking TCP connection to 127.0.0.1:port with deadlines on every read.
class RawConnection {
  public:
    explicit RawConnection(uint16_t port);
    ~RawConnection();
    bool connected() const { return fd_ >= 0; }
    bool send(const std::string& bytes);
    // Reads one response; nullopt on EOF, error or timeout. `head`: expect no body.
    std::optional<RawResponse> read_response(std::chrono::milliseconds timeout = 5s,
                                             bool head = false);
    // True once the server has closed the connection (EOF or reset) within `timeout`.
    bool wait_closed(std::chrono::milliseconds timeout = 5s);
    void close();

  private:
    // Appends whatever arrives before `deadline`; false on EOF, error or timeout.
    bool fill(std::chrono::steady_clock::time_point deadline);
    int fd_ = -1;
    std::string buffer_;
};

// Starts a server on an ephemeral port; aborts the test on failure.
std::unique_ptr<Server> start_server(Handler handler, ServerOptions options = {});

}  // namespace freshet::http::test
