// Internal to src/http's transport: includes Asio and Beast. Never include it from another
// module or from a public header; server.cc and connection.cc are its only users.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/convert.h"
#include "http/h2_session.h"
#include "http/server.h"

namespace freshet::http::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

class Connection;

// State shared by the server and its connections. Held by shared_ptr from every connection
// so that the io_context outlives them, including connections kept alive by a Respond that
// the handler still holds after the server is destroyed.
struct Core {
    // One io_context per IO thread: options.threads of them, or one per core when 0.
    Core(ServerOptions o, Handler h);

    // Posts `fn` to `executor` unless the server no longer runs (then drops it, returns false).
    template <class Executor, class Fn>
    bool post_if_running(const Executor& executor, Fn&& fn);

    // Registers a connection unless the server is stopping; returns false then.
    bool add(uint64_t id, std::weak_ptr<Connection> connection);
    void remove(uint64_t id);
    void request_started();
    void request_finished();

    // The io_context of the next connection (or posted function), round robin.
    asio::io_context& next_context();

    const ServerOptions options;
    const Handler handler;
    // Each runs on one IO thread of its own, so a connection's handlers never need a strand
    // and a request never hops threads between its read, its handler and its write. A shared
    // io_context run by every IO thread woke threads across cores on each completion.
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::atomic<size_t> next_context_index{0};
    std::atomic<bool> stopping{false};  // graceful stop requested: no keep-alive any more
    std::atomic<size_t> connection_count{0};
    std::atomic<uint64_t> next_id{0};

    mutable std::mutex mu;
    std::condition_variable idle_cv;  // signalled when in_flight drops to 0
    bool running = false;             // guarded by mu; false → posts are dropped
    size_t in_flight = 0;             // guarded by mu
    std::unordered_map<uint64_t, std::weak_ptr<Connection>> connections;  // guarded by mu
};

template <class Executor, class Fn>
bool Core::post_if_running(const Executor& executor, Fn&& fn) {
    std::lock_guard lock(mu);
    if (!running) return false;
    asio::post(executor, std::forward<Fn>(fn));
    return true;
}

// One accepted socket. Every member function but the thread-safe entry points runs on the
// socket's IO thread (its io_context has one thread). Reads the next request only after the
// previous response is written, so pipelined requests are answered in order.
class Connection : public std::enable_shared_from_this<Connection> {
  public:
    static constexpr size_t kScratchSize = 4096;
    static constexpr size_t kH2ReadSize = 16384;

    Connection(std::shared_ptr<Core> core, tcp::socket socket, uint64_t id);
    ~Connection();

    // Thread-safe entry points: each posts to the socket's io_context.
    void start();
    void shutdown_gracefully();
    void force_close();
    void deliver(uint64_t seq, Response response);
    // A read of the streamed body of request `seq` (see BodyReader::read).
    void read_body_piece(uint64_t seq, size_t max, std::function<void(BodyPiece)> done);

  private:
    enum class Phase { Idle, Reading, Handling, Writing, Lingering, H2, Closed };
    // The headers are read with an empty-body parser; the body then either whole into a string
    // (Parser) or, for a streamed request, piece by piece into the reader's buffers.
    using HeaderParser = beast::http::request_parser<beast::http::empty_body>;
    using Parser = beast::http::request_parser<beast::http::string_body>;
    using StreamParser = beast::http::request_parser<beast::http::buffer_body>;

    // The first bytes decide the protocol: HTTP/2's preface (h2c with prior knowledge, as the
    // AWS SDK for JavaScript v3 sends to Kinesis) or HTTP/1.x.
    // `first`: the connection's first read, which starts the read_timeout of its first request
    // (later reads of the preface must not restart it).
    void sniff(bool first);
    // HTTP/2 (connection_h2.cc): many concurrent streams on one socket.
    void start_h2();
    void h2_read();
    void h2_arm_timer();
    void h2_flush();
    void h2_dispatch(int32_t stream_id, Request&& request);
    void h2_on_response(int32_t stream_id, Response response);
    void h2_maybe_finish();
    void wait_for_request();
    // `arm`: start the request's read_timeout (false when sniff() already started it).
    void read_header(bool arm = true);
    void on_header(beast::error_code ec);
    void on_continue_written(beast::error_code ec);
    void read_body();
    void on_body(beast::error_code ec);
    void on_read_error(beast::error_code ec);
    void dispatch_request();
    void hand_over(Request&& request, bool streamed);
    // Streamed request bodies (connection_stream.cc).
    void start_streamed(uint64_t limit);
    void stream_read(uint64_t seq, size_t max, std::function<void(BodyPiece)> done);
    void stream_read_some(size_t max, std::function<void(BodyPiece)> done);
    void on_stream_read(beast::error_code ec, std::shared_ptr<std::string> piece, size_t max,
                        std::function<void(BodyPiece)> done);
    bool body_unread() const;
    void on_response(uint64_t seq, Response response);
    void write(Response response, bool keep_alive);
    // Streamed response bodies (connection_stream.cc).
    void write_source(std::shared_ptr<BeastResponse> message);
    void write_next_piece();
    void on_write(beast::error_code ec);
    void fail(int status, std::string body);
    void linger();
    void drain();
    void close();
    // The connection's deadline: closed unless the next arm_timer or disarm_timer comes
    // first. Lazy: a later deadline is only recorded, and the pending wait re-arms itself to it
    // when it expires, so a request (three deadlines: reading, writing, idle) rarely touches the
    // timer queue; only an earlier deadline replaces the wait.
    void arm_timer(std::chrono::steady_clock::duration after);
    void disarm_timer();
    void start_wait(std::chrono::steady_clock::time_point at);
    void cancel_timer();  // at close: the pending wait ends now, releasing the connection

    std::shared_ptr<Core> core_;
    tcp::socket socket_;
    asio::steady_timer timer_;
    const uint64_t id_;
    std::string remote_address_;
    beast::flat_buffer buffer_;
    std::optional<HeaderParser> header_parser_;
    std::optional<Parser> parser_;
    std::optional<StreamParser> stream_parser_;  // set while a streamed body is being read
    std::shared_ptr<void> pending_write_;        // the serialized response while it is written
    std::shared_ptr<void> pending_serializer_;   // a streamed response's header serializer
    // Discarded input while lingering; allocated when lingering starts, so that an idle
    // connection costs little memory (10,000 idle connections are a test case).
    std::unique_ptr<char[]> scratch_;
    Phase phase_ = Phase::Idle;
    unsigned version_ = 11;   // HTTP version of the request being answered (11 = 1.1)
    uint64_t seq_ = 0;        // number of the request being handled; stale answers are ignored
    uint64_t timer_gen_ = 0;  // stale timer completions are ignored
    static constexpr auto kNever = std::chrono::steady_clock::time_point::max();
    // The connection's deadline, and the expiry of the timer's pending wait (kNever: none).
    std::chrono::steady_clock::time_point deadline_ = kNever;
    std::chrono::steady_clock::time_point timer_expiry_ = kNever;
    bool head_ = false;
    bool keep_alive_ = true;
    bool in_flight_ = false;
    bool expect_continue_ = false;  // "100 Continue" still owed before the body is read

    // The streamed body of the request being handled.
    uint64_t stream_limit_ = 0;
    uint64_t stream_received_ = 0;
    bool stream_reading_ = false;  // a read is outstanding
    bool stream_done_ = false;     // read to its end
    bool stream_failed_ = false;
    BodyError stream_error_ = BodyError::None;  // reported by the reads after a failure
    std::optional<Response> stashed_;           // an answer that came while a read was outstanding
    // A streamed response body being written.
    std::shared_ptr<BodySource> source_;
    uint64_t source_size_ = 0;
    uint64_t source_sent_ = 0;

    std::unique_ptr<H2Session> h2_;
    std::unique_ptr<char[]> h2_buf_;       // kH2ReadSize bytes, allocated by start_h2()
    std::shared_ptr<std::string> h2_out_;  // the bytes being written
    size_t h2_in_flight_ = 0;              // streams handed to the handler, not yet answered
    bool h2_writing_ = false;
    bool h2_request_deadline_ = false;  // read_timeout runs for a request still arriving
    bool h2_closing_ = false;  // graceful stop: GOAWAY sent, close when streams are answered
};

// A Respond for request `seq` of `connection` (for HTTP/2, seq is the stream id): exactly once,
// from any thread; if every copy is dropped unanswered, the client gets a 500.
Respond make_respond(std::shared_ptr<Connection> connection, uint64_t seq);

// The BodyReader of request `seq`'s streamed body (connection_stream.cc). Like a Respond, it
// holds its connection alive, not the socket open.
std::shared_ptr<BodyReader> make_body_reader(std::shared_ptr<Connection> connection, uint64_t seq,
                                             std::optional<uint64_t> content_length);

}  // namespace freshet::http::detail
