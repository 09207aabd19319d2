// The HTTP/1.1 server: accepts connections, parses requests, hands them to one Handler and
// writes the answers back. Beast stays behind the pimpl; see README.md "Transport".
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "http/message.h"

namespace freshet::http {

// Answers one request. Call it exactly once, from any thread; later calls are ignored.
// Safe to call after the connection (or the whole server) is gone: the answer is dropped.
// If every copy is destroyed without being called, the client gets a 500.
using Respond = std::function<void(Response)>;

// Runs on an IO thread and must not block. It may keep `Respond` and answer later (long
// polls, durable writes). An exception that escapes it answers 500 if it had not answered.
using Handler = std::function<void(Request&&, Respond)>;

struct ServerOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 4566;                 // 0 = an ephemeral port, see Server::port()
    unsigned threads = 0;                 // IO threads; 0 = std::thread::hardware_concurrency()
    size_t max_header_bytes = 16 * 1024;  // request line + headers; over → 431, close
    size_t max_body_bytes = 20 * 1024 * 1024;  // over → 413, close
    std::chrono::seconds idle_timeout{300};    // keep-alive connection idle between requests
    std::chrono::seconds read_timeout{60};     // whole request (headers + body); also writes
    size_t max_connections = 20000;            // further connections are closed at accept
    // Called on an IO thread once a request's headers are in (the Request has no body yet):
    // returns a body limit to hand the body to the handler unread (Request::body_reader; over
    // the limit the reads fail with BodyError::TooLarge, and each read must progress within
    // read_timeout), or nullopt to read it whole into Request::body under max_body_bytes.
    // Unset: every body is read whole. HTTP/1.x only: HTTP/2 bodies are always read whole.
    std::function<std::optional<uint64_t>(const Request& head)> stream_body;
    // Called on an IO thread for each accepted connection with the client's port and ours:
    // false closes it at once, before anything is read. Unset: every client is served.
    std::function<bool(uint16_t peer_port, uint16_t local_port)> accept_peer;
};

// Thread safety: all members may be called from any thread, except that stop() (and so the
// destructor) must not be called from an IO thread (it joins them). Several servers may live
// in one process; there is no global state apart from ignoring SIGPIPE.
class Server {
  public:
    Server(ServerOptions options, Handler handler);
    ~Server();  // stop()s if running
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds, listens and starts the IO threads. Errors ("InternalFailure", status 500):
    // "Address already in use: 127.0.0.1:4566", an unresolvable host, or a second start().
    // Also sets SIGPIPE to ignored for the process.
    Result<void> start();

    // The bound port (the ephemeral one when options.port was 0); 0 before start().
    uint16_t port() const;

    // Graceful stop: stops accepting, closes idle keep-alive connections and connections
    // still reading a request, lets handlers that already have a request answer and their
    // responses be written (with "Connection: close") for up to `grace`, then closes every
    // remaining connection and joins the IO threads. After it returns no handler or posted
    // function runs any more, and late Respond calls are dropped. Idempotent; a server cannot
    // be started again.
    void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

    // Runs `fn` on an IO thread soon. Dropped (destroyed unrun) once stop() has passed its
    // grace period or before start(). An exception from `fn` is reported on stderr.
    void post(std::function<void()> fn);

    // Open connections, including ones being closed.
    size_t active_connections() const;

    // Requests handed to the handler whose response is not yet written.
    size_t in_flight_requests() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace freshet::http
