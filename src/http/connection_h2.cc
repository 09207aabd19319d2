// HTTP/2 (h2c) on a Connection: after the preface, the socket belongs to an nghttp2 session.
// Reads and writes run on the connection's IO thread; requests go to the same Handler as HTTP/1,
// one per stream, concurrently; each Respond answers its own stream.
#include <boost/asio/write.hpp>
#include <cstdio>
#include <exception>
#include <stdexcept>

#include "http/connection.h"

namespace freshet::http::detail {

void Connection::start_h2() {
    phase_ = Phase::H2;
    h2_buf_ = std::make_unique_for_overwrite<char[]>(kH2ReadSize);
    auto weak = weak_from_this();
    h2_ = std::make_unique<H2Session>(
        [weak](int32_t stream_id, Request&& request) {
            if (auto self = weak.lock()) self->h2_dispatch(stream_id, std::move(request));
        },
        remote_address_, core_->options.max_body_bytes, core_->options.max_header_bytes);
    // What the sniff read (the preface and perhaps more) is the session's first input.
    std::string first(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    buffer_.consume(buffer_.size());
    if (!h2_->receive(first.data(), first.size())) {
        h2_flush();
        return close();
    }
    h2_flush();
    h2_read();
}

void Connection::h2_arm_timer() {
    // A stream being handled (a long poll, an invocation) keeps the connection open however
    // long it takes. A request still arriving must arrive within read_timeout of the moment it
    // began, however the client trickles it (slowloris): that deadline is armed once. Otherwise
    // the connection is idle and closes after idle_timeout without input.
    if (h2_in_flight_ > 0) {
        disarm_timer();
        h2_request_deadline_ = false;
    } else if (h2_->receiving_streams() > 0) {
        if (!h2_request_deadline_) arm_timer(core_->options.read_timeout);
        h2_request_deadline_ = true;
    } else {
        arm_timer(core_->options.idle_timeout);
        h2_request_deadline_ = false;
    }
}

void Connection::h2_read() {
    h2_arm_timer();
    socket_.async_read_some(asio::buffer(h2_buf_.get(), kH2ReadSize),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                                if (self->phase_ != Phase::H2) return;
                                if (ec) return self->close();
                                bool ok = self->h2_->receive(self->h2_buf_.get(), n);
                                self->h2_flush();
                                if (!ok || !self->h2_->alive()) {
                                    self->h2_closing_ = true;
                                    return self->h2_maybe_finish();
                                }
                                self->h2_read();
                            });
}

void Connection::h2_dispatch(int32_t stream_id, Request&& request) {
    if (h2_closing_) return;
    ++h2_in_flight_;
    core_->request_started();
    disarm_timer();
    Respond respond = make_respond(shared_from_this(), static_cast<uint64_t>(stream_id));
    try {
        core_->handler(std::move(request), respond);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "freshet http: exception from handler: %s\n", e.what());
        respond(Response{500, {{"Content-Type", "text/plain"}}, "An internal error occurred."});
    }
}

void Connection::h2_on_response(int32_t stream_id, Response response) {
    if (h2_in_flight_ > 0) {
        --h2_in_flight_;
        core_->request_finished();
    }
    // HTTP/2 sends a body whole: a streamed one is collected first.
    if (auto source = std::move(response.body_source)) {
        try {
            response.body.clear();
            response.body.reserve(static_cast<size_t>(source->size()));
            while (auto piece = source->next()) response.body += *piece;
            if (response.body.size() != source->size())
                throw std::runtime_error("streamed body of the wrong length");
        } catch (const std::exception& e) {
            std::fprintf(stderr, "freshet http: response body failed: %s\n", e.what());
            response =
                Response{500, {{"Content-Type", "text/plain"}}, "An internal error occurred."};
        }
    }
    h2_->respond(stream_id, std::move(response));
    // The last answer makes the connection idle (or leaves a request still arriving): its
    // timer must run again, or a client that never sends anything more would stay forever.
    if (h2_in_flight_ == 0) h2_arm_timer();
    h2_flush();
    h2_maybe_finish();
}

void Connection::h2_flush() {
    if (h2_writing_ || phase_ != Phase::H2) return;
    std::string out = h2_->take_output();
    if (out.empty()) return h2_maybe_finish();
    h2_writing_ = true;
    h2_out_ = std::make_shared<std::string>(std::move(out));
    asio::async_write(socket_, asio::buffer(*h2_out_),
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                          self->h2_writing_ = false;
                          if (self->phase_ != Phase::H2) return;
                          if (ec) return self->close();
                          self->h2_flush();
                      });
}

// Closes a closing connection once every stream is answered and written.
void Connection::h2_maybe_finish() {
    if (phase_ != Phase::H2 || !h2_closing_ || h2_writing_ || h2_in_flight_ > 0) return;
    close();
}

}  // namespace freshet::http::detail
