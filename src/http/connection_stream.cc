// Streaming on an HTTP/1.x Connection: request bodies handed to the handler unread and read as
// it asks (ServerOptions::stream_body), and response bodies written piece by piece as the
// socket drains (Response::body_source). Everything here runs on the connection's IO thread,
// except read_body_piece, which posts to it.
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdio>
#include <exception>

#include "http/connection.h"

namespace freshet::http::detail {

namespace http = beast::http;

namespace {

class StreamedBody final : public BodyReader {
  public:
    StreamedBody(std::shared_ptr<Connection> connection, uint64_t seq,
                 std::optional<uint64_t> length)
        : connection_(std::move(connection)), seq_(seq), length_(length) {}
    std::optional<uint64_t> content_length() const override { return length_; }
    void read(size_t max, std::function<void(BodyPiece)> done) override {
        connection_->read_body_piece(seq_, max, std::move(done));
    }

  private:
    const std::shared_ptr<Connection> connection_;
    const uint64_t seq_;
    const std::optional<uint64_t> length_;
};

// Reads ask for at most this much when the caller asks for nothing sensible.
constexpr size_t kDefaultPiece = 64 * 1024;

}  // namespace

void Connection::start_streamed(uint64_t limit) {
    stream_parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    // Counted in on_stream_read instead, for Content-Length bodies too: a body over the limit
    // is the handler's to refuse (with the service's error) before it reads any of it.
    stream_parser_->body_limit(boost::none);
    stream_limit_ = limit;
    stream_received_ = 0;
    stream_reading_ = false;
    stream_done_ = stream_parser_->is_done();
    stream_failed_ = false;
    stream_error_ = BodyError::None;
    stashed_.reset();
    const auto& message = stream_parser_->get();
    version_ = message.version();
    head_ = message.method() == http::verb::head;
    keep_alive_ = message.keep_alive();
    hand_over(to_request_head(message, remote_address_), true);
}

std::shared_ptr<BodyReader> make_body_reader(std::shared_ptr<Connection> connection, uint64_t seq,
                                             std::optional<uint64_t> content_length) {
    return std::make_shared<StreamedBody>(std::move(connection), seq, content_length);
}

void Connection::read_body_piece(uint64_t seq, size_t max, std::function<void(BodyPiece)> done) {
    auto shared = std::make_shared<std::function<void(BodyPiece)>>(std::move(done));
    bool posted = core_->post_if_running(socket_.get_executor(),
                                         [self = shared_from_this(), seq, max, shared] {
                                             self->stream_read(seq, max, std::move(*shared));
                                         });
    // The server has stopped: no IO thread will ever read this.
    if (!posted) (*shared)(BodyPiece{{}, BodyError::Incomplete});
}

bool Connection::body_unread() const {
    return stream_parser_.has_value() && !stream_done_;
}

void Connection::stream_read(uint64_t seq, size_t max, std::function<void(BodyPiece)> done) {
    // A reader outliving its request, a read after a failure or after the answer, or two reads
    // at once: nothing more comes for it.
    if (phase_ != Phase::Handling || seq != seq_ || !stream_parser_ || stream_reading_ || stashed_)
        return done(BodyPiece{{}, BodyError::Incomplete});
    if (stream_failed_) return done(BodyPiece{{}, stream_error_});
    if (stream_done_) return done(BodyPiece{});
    if (max == 0) max = kDefaultPiece;
    stream_reading_ = true;
    if (!expect_continue_) return stream_read_some(max, std::move(done));
    // The client waits for this before it sends the body; the answer to a request refused
    // before its body is read comes without it.
    expect_continue_ = false;
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    arm_timer(core_->options.read_timeout);
    asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this(), max, done = std::move(done)](beast::error_code ec,
                                                                               size_t) mutable {
                          if (!ec && self->phase_ == Phase::Handling)
                              return self->stream_read_some(max, std::move(done));
                          self->on_stream_read(ec ? ec : asio::error::operation_aborted,
                                               std::make_shared<std::string>(), 0, std::move(done));
                      });
}

void Connection::stream_read_some(size_t max, std::function<void(BodyPiece)> done) {
    // Each read must progress within read_timeout; between reads the handler takes its time.
    arm_timer(core_->options.read_timeout);
    auto piece = std::make_shared<std::string>(max, '\0');
    auto& body = stream_parser_->get().body();
    body.data = piece->data();
    body.size = piece->size();
    body.more = true;
    http::async_read(socket_, buffer_, *stream_parser_,
                     [self = shared_from_this(), piece, max, done = std::move(done)](
                         beast::error_code ec, size_t) mutable {
                         self->on_stream_read(ec, std::move(piece), max, std::move(done));
                     });
}

void Connection::on_stream_read(beast::error_code ec, std::shared_ptr<std::string> piece,
                                size_t max, std::function<void(BodyPiece)> done) {
    stream_reading_ = false;
    if (phase_ == Phase::Handling) disarm_timer();
    if (ec == http::error::need_buffer) ec = {};  // the piece is full
    auto& body = stream_parser_->get().body();
    const size_t got = max > 0 ? max - body.size : 0;  // max 0: nothing was read
    body.data = nullptr;
    body.size = 0;
    piece->resize(got);
    stream_received_ += got;
    BodyError error = BodyError::None;
    if (ec) {
        const bool parse_error =
            ec.category() == http::make_error_code(http::error::bad_target).category() &&
            ec != http::error::end_of_stream && ec != http::error::partial_message;
        error = parse_error ? BodyError::Malformed : BodyError::Incomplete;
    } else if (stream_received_ > stream_limit_) {
        error = BodyError::TooLarge;
    } else if (stream_parser_->is_done()) {
        stream_done_ = true;
    }
    if (error != BodyError::None) {
        stream_failed_ = true;
        stream_error_ = error;
        keep_alive_ = false;
        // Bytes that came before the failure go first; the next read reports it.
        if (got == 0 || error == BodyError::TooLarge) piece->clear();
        if (!piece->empty()) error = BodyError::None;
    } else if (got == 0 && !stream_done_ && phase_ == Phase::Handling) {
        // Nothing decoded yet (a chunk header alone): keep reading for the caller.
        stream_reading_ = true;
        return stream_read_some(max, std::move(done));
    }
    done(BodyPiece{std::move(*piece), error});
    if (stashed_ && phase_ == Phase::Handling) {
        Response response = std::move(*stashed_);
        stashed_.reset();
        write(std::move(response), keep_alive_ && !core_->stopping && !body_unread());
    }
}

void Connection::write_source(std::shared_ptr<BeastResponse> message) {
    auto serializer = std::make_shared<http::response_serializer<http::string_body>>(*message);
    pending_serializer_ = serializer;
    http::async_write_header(socket_, *serializer,
                             [self = shared_from_this()](beast::error_code ec, size_t) {
                                 if (ec) return self->on_write(ec);
                                 self->write_next_piece();
                             });
}

void Connection::write_next_piece() {
    if (phase_ != Phase::Writing) return;
    std::optional<std::string> piece;
    try {
        piece = source_->next();
        while (piece && piece->empty()) piece = source_->next();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "freshet http: response body failed: %s\n", e.what());
        return close();
    }
    if (!piece) {
        source_.reset();
        if (source_sent_ == source_size_) return on_write({});
        std::fprintf(stderr, "freshet http: response body ended after %llu of %llu bytes\n",
                     static_cast<unsigned long long>(source_sent_),
                     static_cast<unsigned long long>(source_size_));
        return close();
    }
    if (piece->size() > source_size_ - source_sent_) {
        std::fprintf(stderr, "freshet http: response body longer than its %llu bytes\n",
                     static_cast<unsigned long long>(source_size_));
        return close();
    }
    source_sent_ += piece->size();
    arm_timer(core_->options.read_timeout);  // per piece: a large body may take a while
    auto bytes = std::make_shared<std::string>(std::move(*piece));
    asio::async_write(socket_, asio::buffer(*bytes),
                      [self = shared_from_this(), bytes](beast::error_code ec, size_t) {
                          if (ec) return self->on_write(ec);
                          self->write_next_piece();
                      });
}

}  // namespace freshet::http::detail
