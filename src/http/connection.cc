#include "http/connection.h"

#include <algorithm>
#include <cstdio>
#include <exception>

#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "http/convert.h"

namespace freshet::http::detail {

namespace http = beast::http;

namespace {

// How long a closing connection keeps reading (and discarding) what the client still sends,
// so that closing with unread input does not reset the connection and destroy our answer
// (e.g. the 413 for an oversized upload) before the client has read it.
constexpr std::chrono::seconds kLingerTimeout{2};

constexpr const char* kInternalError = "An internal error occurred.";

// Shared by all copies of one Respond. Holds the connection alive until the answer is given.
struct RespondState {
    RespondState(std::shared_ptr<Connection> c, uint64_t s) : connection(std::move(c)), seq(s) {}
    ~RespondState() {
        // Every copy is gone and nobody answered: answer for the handler rather than leave the
        // client (and a graceful stop) waiting forever.
        if (!used.load() && connection) {
            Response response;
            response.status = 500;
            response.body = "The request was dropped without an answer.";
            connection->deliver(seq, std::move(response));
        }
    }
    std::atomic<bool> used{false};
    std::shared_ptr<Connection> connection;
    const uint64_t seq;
};

}  // namespace

Respond make_respond(std::shared_ptr<Connection> connection, uint64_t seq) {
    auto state = std::make_shared<RespondState>(std::move(connection), seq);
    return [state](Response response) {
        if (state->used.exchange(true)) return;  // exactly once; later calls are ignored
        auto c = std::move(state->connection);   // only the winning caller gets here
        c->deliver(state->seq, std::move(response));
    };
}

Connection::Connection(std::shared_ptr<Core> core, tcp::socket socket, uint64_t id)
    : core_(std::move(core)), socket_(std::move(socket)), timer_(socket_.get_executor()), id_(id) {
    beast::error_code ec;
    const auto peer = socket_.remote_endpoint(ec);
    if (!ec) remote_address_ = peer.address().to_string();
}

Connection::~Connection() {
    core_->remove(id_);
}

void Connection::start() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->sniff(true); });
}

void Connection::sniff(bool first) {
    phase_ = Phase::Reading;
    if (first) arm_timer(core_->options.read_timeout);
    socket_.async_read_some(
        buffer_.prepare(kH2Preface.size() - std::min(buffer_.size(), kH2Preface.size()) + 1024),
        [self = shared_from_this()](beast::error_code ec, size_t n) {
            if (self->phase_ != Phase::Reading) return;
            if (ec) return self->close();
            self->buffer_.commit(n);
            std::string_view seen(static_cast<const char*>(self->buffer_.data().data()),
                                  self->buffer_.size());
            size_t k = std::min(seen.size(), kH2Preface.size());
            if (seen.substr(0, k) != kH2Preface.substr(0, k)) return self->read_header(false);
            if (k < kH2Preface.size()) return self->sniff(false);  // a prefix: read more
            self->start_h2();
        });
}

void Connection::shutdown_gracefully() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
        if (self->phase_ == Phase::H2) {
            self->h2_closing_ = true;
            self->h2_->go_away();
            self->h2_flush();
            return self->h2_maybe_finish();
        }
        // Handling and Writing connections finish their request; the write then closes.
        if (self->phase_ == Phase::Idle || self->phase_ == Phase::Reading) self->close();
    });
}

void Connection::force_close() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->close(); });
}

void Connection::deliver(uint64_t seq, Response response) {
    core_->post_if_running(socket_.get_executor(),
                           [self = shared_from_this(), seq, r = std::move(response)]() mutable {
                               self->on_response(seq, std::move(r));
                           });
}

void Connection::wait_for_request() {
    if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
    // Idle keep-alive: wait for the first byte under idle_timeout; the request itself then
    // gets read_timeout, so a trickling client cannot stretch one request to the idle limit.
    phase_ = Phase::Idle;
    arm_timer(core_->options.idle_timeout);
    socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
        if (self->phase_ != Phase::Idle) return;
        if (ec) return self->close();
        self->read_header();
    });
}

void Connection::read_header(bool arm) {
    phase_ = Phase::Reading;
    if (arm) arm_timer(core_->options.read_timeout);
    parser_.reset();
    stream_parser_.reset();
    header_parser_.emplace();
    header_parser_->header_limit(
        static_cast<uint32_t>(std::min<size_t>(core_->options.max_header_bytes, UINT32_MAX)));
    // The body's limit depends on whether it is streamed, known once the headers are in.
    header_parser_->body_limit(boost::none);
    http::async_read_header(
        socket_, buffer_, *header_parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
}

void Connection::on_header(beast::error_code ec) {
    if (phase_ != Phase::Reading) return;
    if (ec) return on_read_error(ec);
    const auto& message = header_parser_->get();
    // The AWS CLI sends "Expect: 100-continue" for S3 uploads and waits a second for it.
    expect_continue_ = !header_parser_->is_done() && message.version() >= 11 &&
                       iequals(message[http::field::expect], "100-continue");
    std::optional<uint64_t> stream_limit;
    if (core_->options.stream_body) {
        try {
            stream_limit = core_->options.stream_body(to_request_head(message, remote_address_));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "freshet http: exception from stream_body: %s\n", e.what());
            return fail(500, kInternalError);
        }
    }
    if (stream_limit) return start_streamed(*stream_limit);
    const auto length = header_parser_->content_length();
    if (length && *length > core_->options.max_body_bytes)
        return on_read_error(http::error::body_limit);
    parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    parser_->body_limit(core_->options.max_body_bytes);
    if (expect_continue_) {
        expect_continue_ = false;
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                          [self = shared_from_this()](beast::error_code e, size_t) {
                              self->on_continue_written(e);
                          });
        return;
    }
    read_body();
}

void Connection::on_continue_written(beast::error_code ec) {
    if (phase_ != Phase::Reading) return;
    if (ec) return close();
    read_body();
}

void Connection::read_body() {
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                         if (self->phase_ != Phase::Reading) return;
                         if (ec) return self->on_read_error(ec);
                         self->dispatch_request();
                     });
}

void Connection::on_read_error(beast::error_code ec) {
    if (ec == http::error::header_limit) return fail(431, "Request header fields too large.");
    if (ec == http::error::body_limit) {
        return fail(413, "Request must be smaller than " +
                             std::to_string(core_->options.max_body_bytes) + " bytes.");
    }
    // end_of_stream (clean close between requests) and partial_message (the peer went away
    // mid-request) have no one to answer; any other parse error is the client's fault.
    const bool parse_error =
        ec.category() == http::make_error_code(http::error::bad_target).category();
    if (parse_error && ec != http::error::end_of_stream && ec != http::error::partial_message) {
        return fail(400, "Malformed HTTP request.");
    }
    close();
}

void Connection::dispatch_request() {
    auto message = parser_->release();
    version_ = message.version();
    head_ = message.method() == http::verb::head;
    keep_alive_ = message.keep_alive();
    hand_over(to_request(std::move(message), remote_address_), false);
}

// Gives the request to the handler. A streamed request gets its body reader here, once the
// request's number is known.
void Connection::hand_over(Request&& request, bool streamed) {
    phase_ = Phase::Handling;
    disarm_timer();  // the handler may take as long as it likes (long polls)
    ++seq_;
    in_flight_ = true;
    core_->request_started();
    if (streamed) {
        std::optional<uint64_t> length;
        if (auto n = stream_parser_->content_length()) length = *n;
        request.body_reader = make_body_reader(shared_from_this(), seq_, length);
    }
    Respond respond = make_respond(shared_from_this(), seq_);
    try {
        core_->handler(std::move(request), respond);
    } catch (const std::exception& e) {
        // A bug: the dispatcher is meant to catch. Its text stays out of the answer.
        std::fprintf(stderr, "freshet http: exception from handler: %s\n", e.what());
        respond(Response{500, {{"Content-Type", "text/plain"}}, kInternalError});
    } catch (...) {
        std::fprintf(stderr, "freshet http: unknown exception from handler\n");
        respond(Response{500, {{"Content-Type", "text/plain"}}, kInternalError});
    }
}

void Connection::on_response(uint64_t seq, Response response) {
    if (phase_ == Phase::H2) return h2_on_response(static_cast<int32_t>(seq), std::move(response));
    if (phase_ != Phase::Handling || seq != seq_) return;  // closed meanwhile: drop it
    // A read of the streamed body is outstanding: answer when it completes.
    if (stream_reading_) {
        stashed_ = std::move(response);
        return;
    }
    // With part of the body unread the connection cannot carry another request.
    write(std::move(response), keep_alive_ && !core_->stopping && !body_unread());
}

void Connection::write(Response response, bool keep_alive) {
    phase_ = Phase::Writing;
    arm_timer(core_->options.read_timeout);  // a client that never reads must not pin us
    std::shared_ptr<BodySource> source = std::move(response.body_source);
    std::optional<uint64_t> streamed_length;
    if (source) streamed_length = source->size();
    auto message = to_beast(std::move(response), version_, head_, keep_alive, streamed_length);
    keep_alive_ = keep_alive;
    pending_write_ = message;
    if (source && carries_body(message->result_int(), head_)) {
        source_ = std::move(source);
        source_size_ = *streamed_length;
        source_sent_ = 0;
        return write_source(std::move(message));
    }
    http::async_write(socket_, *message, [self = shared_from_this()](beast::error_code ec, size_t) {
        self->on_write(ec);
    });
}

void Connection::on_write(beast::error_code ec) {
    if (phase_ != Phase::Writing) return;  // close() already settled the accounting
    if (in_flight_) {
        in_flight_ = false;
        core_->request_finished();
    }
    if (ec) return close();
    if (!keep_alive_ || core_->stopping) return linger();
    wait_for_request();
}

void Connection::fail(int status, std::string body) {
    version_ = 11;
    head_ = false;
    write(Response{status, {{"Content-Type", "text/plain"}}, std::move(body)}, false);
}

void Connection::linger() {
    phase_ = Phase::Lingering;
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    arm_timer(
        std::min<std::chrono::steady_clock::duration>(kLingerTimeout, core_->options.read_timeout));
    drain();
}

void Connection::drain() {
    if (!scratch_) scratch_ = std::make_unique_for_overwrite<char[]>(kScratchSize);
    socket_.async_read_some(asio::buffer(scratch_.get(), kScratchSize),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                                if (self->phase_ != Phase::Lingering) return;
                                if (ec) return self->close();  // EOF: the client has closed
                                self->drain();
                            });
}

void Connection::close() {
    if (phase_ == Phase::Closed) return;
    phase_ = Phase::Closed;
    cancel_timer();
    beast::error_code ec;
    socket_.close(ec);  // pending operations complete with operation_aborted
    // parser_, buffer_ and pending_write_ stay alive until those completions have run. A
    // streamed body's source goes now: it may hold a storage snapshot, which must not outlive
    // the server's stop (storage closes after it).
    source_.reset();
    stashed_.reset();
    if (in_flight_) {
        in_flight_ = false;
        core_->request_finished();
    }
    for (; h2_in_flight_ > 0; --h2_in_flight_) core_->request_finished();
}

void Connection::arm_timer(std::chrono::steady_clock::duration after) {
    deadline_ = std::chrono::steady_clock::now() + after;
    if (timer_expiry_ <= deadline_) return;  // the pending wait expires first and re-arms
    start_wait(deadline_);
}

void Connection::start_wait(std::chrono::steady_clock::time_point at) {
    const uint64_t gen = ++timer_gen_;
    timer_expiry_ = at;
    timer_.expires_at(at);  // a wait it replaces completes as aborted, with a stale gen
    timer_.async_wait([self = shared_from_this(), gen](beast::error_code ec) {
        if (gen != self->timer_gen_) return;
        self->timer_expiry_ = kNever;
        if (ec || self->deadline_ == kNever) return;
        if (std::chrono::steady_clock::now() < self->deadline_) {
            return self->start_wait(self->deadline_);
        }
        self->close();
    });
}

void Connection::disarm_timer() {
    deadline_ = kNever;  // a pending wait ends quietly when it expires
}

void Connection::cancel_timer() {
    deadline_ = kNever;
    timer_expiry_ = kNever;
    ++timer_gen_;
    timer_.cancel();
}

}  // namespace freshet::http::detail
