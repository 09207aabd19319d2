// Streaming on HTTP/1.1: request bodies handed over unread (ServerOptions::stream_body) and
// pulled piece by piece, and response bodies produced piece by piece (Response::body_source).
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "http/client.h"
#include "http/tests/test_util.h"

namespace freshet::http::test {
namespace {

// Reads a streamed body to its end `max` bytes at a time, then calls `done` with the pieces
// and how the reading ended.
class Drain : public std::enable_shared_from_this<Drain> {
  public:
    using Done = std::function<void(std::vector<std::string>, BodyError)>;
    static void run(std::shared_ptr<BodyReader> reader, size_t max, Done done) {
        auto d = std::shared_ptr<Drain>(new Drain(std::move(reader), max, std::move(done)));
        d->next();
    }

  private:
    Drain(std::shared_ptr<BodyReader> r, size_t max, Done done)
        : reader_(std::move(r)), max_(max), done_(std::move(done)) {}
    void next() {
        reader_->read(max_, [self = shared_from_this()](BodyPiece p) {
            if (p.error != BodyError::None || p.end()) return self->done_(self->pieces_, p.error);
            self->pieces_.push_back(std::move(p.data));
            self->next();
        });
    }
    std::shared_ptr<BodyReader> reader_;
    size_t max_;
    Done done_;
    std::vector<std::string> pieces_;
};

const char* error_name(BodyError e) {
    switch (e) {
        case BodyError::None:
            return "none";
        case BodyError::Incomplete:
            return "incomplete";
        case BodyError::TooLarge:
            return "too-large";
        case BodyError::Malformed:
            return "malformed";
    }
    return "?";
}

// Streams bodies of PUT requests (limit 1 MiB), buffers the rest under 1 KiB; answers with
// "<pieces> <bytes> <largest piece> <error>" after reading everything, 100 bytes at a time.
ServerOptions streaming_options() {
    ServerOptions o;
    o.max_body_bytes = 1024;
    o.stream_body = [](const Request& head) -> std::optional<uint64_t> {
        if (head.method == "PUT") return uint64_t{1} << 20;
        return std::nullopt;
    };
    return o;
}

Handler summarizing_handler() {
    return [](Request&& request, Respond respond) {
        if (!request.body_reader) return respond(echo(request));
        Drain::run(
            request.body_reader, 100, [respond](std::vector<std::string> pieces, BodyError error) {
                size_t total = 0, largest = 0;
                for (const auto& p : pieces) {
                    total += p.size();
                    largest = std::max(largest, p.size());
                }
                respond(Response{200,
                                 {{"Content-Type", "text/plain"}},
                                 std::to_string(pieces.size()) + " " + std::to_string(total) + " " +
                                     std::to_string(largest) + " " + error_name(error)});
            });
    };
}

TEST(StreamTest, StreamedBodyIsReadInPiecesAboveTheBufferedLimit) {
    auto server = start_server(summarizing_handler(), streaming_options());
    RawConnection c(server->port());
    const std::string body(10000, 'x');
    ASSERT_TRUE(c.send("PUT /up HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n" + body));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "100 10000 100 none");
    // The connection carries the next request, a buffered one.
    ASSERT_TRUE(c.send("POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"));
    r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_NE(r->body.find("\"body\":\"abc\""), std::string::npos);
    // Buffered bodies keep their limit.
    ASSERT_TRUE(c.send("POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n"));
    r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
}

TEST(StreamTest, ChunkedAndEmptyStreamedBodies) {
    auto server = start_server(summarizing_handler(), streaming_options());
    Client client("127.0.0.1", server->port());
    auto r = client.send("PUT", "/empty", {}, "");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->body, "0 0 0 none");
    RawConnection c(server->port());
    std::string chunked = "PUT /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 5; ++i) chunked += "fa\r\n" + std::string(250, 'c') + "\r\n";
    ASSERT_TRUE(c.send(chunked + "0\r\n\r\n"));
    auto raw = c.read_response();
    ASSERT_TRUE(raw);
    EXPECT_EQ(raw->body.substr(raw->body.find(' ') + 1), "1250 100 none");
}

TEST(StreamTest, StreamedBodyOverItsLimitFailsTheRead) {
    ServerOptions o = streaming_options();
    o.stream_body = [](const Request&) -> std::optional<uint64_t> { return 1000; };
    auto server = start_server(summarizing_handler(), o);
    // With a Content-Length over the limit the handler is still asked (it answers in its own
    // words); reading past the limit fails.
    RawConnection c(server->port());
    ASSERT_TRUE(c.send("PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" +
                       std::string(2000, 'a')));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body.substr(r->body.rfind(' ') + 1), "too-large");
    EXPECT_TRUE(c.wait_closed());
}

TEST(StreamTest, TruncatedStreamedBodyFailsIncomplete) {
    std::mutex mu;
    std::string outcome;
    auto server = start_server(
        [&](Request&& request, Respond respond) {
            Drain::run(request.body_reader, 100,
                       [&, respond](std::vector<std::string> pieces, BodyError error) {
                           size_t total = 0;
                           for (const auto& p : pieces) total += p.size();
                           std::lock_guard lock(mu);
                           outcome = std::to_string(total) + " " + error_name(error);
                           respond(Response{400, {}, "incomplete"});
                       });
        },
        streaming_options());
    {
        RawConnection c(server->port());
        ASSERT_TRUE(c.send("PUT /cut HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" +
                           std::string(400, 'a')));
        c.close();
    }
    EXPECT_TRUE(wait_until([&] {
        std::lock_guard lock(mu);
        return !outcome.empty();
    }));
    std::lock_guard lock(mu);
    EXPECT_EQ(outcome, "400 incomplete");
}

TEST(StreamTest, ContinueIsSentAtTheFirstReadOnly) {
    auto server = start_server(
        [](Request&& request, Respond respond) {
            if (request.path == "/refuse") return respond(Response{403, {}, "no"});
            summarizing_handler()(std::move(request), respond);
        },
        streaming_options());
    const std::string head = "Host: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n";
    {
        // Refused before its body is read: the final answer comes without "100 Continue", and
        // the connection closes since the body was never read.
        RawConnection c(server->port());
        ASSERT_TRUE(c.send("PUT /refuse HTTP/1.1\r\n" + head));
        auto r = c.read_response();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 403);
        EXPECT_TRUE(c.wait_closed());
    }
    RawConnection c(server->port());
    ASSERT_TRUE(c.send("PUT /read HTTP/1.1\r\n" + head));
    auto interim = c.read_response();
    ASSERT_TRUE(interim);
    EXPECT_EQ(interim->status, 100);
    ASSERT_TRUE(c.send("hello"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "1 5 5 none");
}

// A source of `pieces` pieces of `piece` bytes each ('a', 'b', ...), counting next() calls.
struct CountingSource {
    std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);
    std::shared_ptr<BodySource> make(int pieces, size_t piece, int throw_at = -1) const {
        auto n = std::make_shared<int>(0);
        return make_body_source(
            uint64_t{static_cast<uint64_t>(pieces)} * piece,
            [calls = calls, n, pieces, piece, throw_at]() -> std::optional<std::string> {
                ++*calls;
                if (*n == throw_at) throw std::runtime_error("storage failed");
                if (*n == pieces) return std::nullopt;
                return std::string(piece, static_cast<char>('a' + (*n)++ % 26));
            });
    }
};

TEST(StreamTest, BodySourceIsSentWithItsLengthAndKeepsTheConnection) {
    CountingSource counting;
    auto server = start_server([&](Request&& request, Respond respond) {
        Response r{200, {{"Content-Type", "application/octet-stream"}}, "ignored"};
        r.body_source = counting.make(3, 1000);
        respond(std::move(r));
    });
    RawConnection c(server->port());
    ASSERT_TRUE(c.send("GET /o HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(*r->header("Content-Length"), "3000");
    EXPECT_EQ(r->body, std::string(1000, 'a') + std::string(1000, 'b') + std::string(1000, 'c'));
    ASSERT_TRUE(c.send("HEAD /o HTTP/1.1\r\nHost: x\r\n\r\n"));
    r = c.read_response(5s, true);
    ASSERT_TRUE(r);
    EXPECT_EQ(*r->header("Content-Length"), "3000");
    EXPECT_EQ(r->body, "");
    EXPECT_EQ(counting.calls->load(), 4);  // HEAD asked for no piece
}

TEST(StreamTest, BodySourceIsReadOnlyAsTheClientDrains) {
    // 256 MiB in 1 MiB pieces to a client that reads 8 MiB and stops: the server stays ahead
    // by no more than the sockets' buffers (wmem and rmem maxima here: 4 and 32 MiB).
    CountingSource counting;
    constexpr size_t kPiece = size_t{1} << 20;
    auto server = start_server([&](Request&&, Respond respond) {
        Response r{200, {}, ""};
        r.body_source = counting.make(256, kPiece);
        respond(std::move(r));
    });
    RawConnection c(server->port());
    ASSERT_TRUE(c.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(wait_until([&] { return counting.calls->load() >= 2; }));
    EXPECT_FALSE(wait_until([&] { return counting.calls->load() > 48; }, 2s));
}

TEST(StreamTest, BodySourceFailureClosesTheConnectionShort) {
    CountingSource counting;
    auto server = start_server([&](Request&&, Respond respond) {
        Response r{200, {}, ""};
        r.body_source = counting.make(4, 1000, 2);
        respond(std::move(r));
    });
    RawConnection c(server->port());
    ASSERT_TRUE(c.send("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_FALSE(c.read_response(2s));  // 4000 bytes announced, 2000 sent, then closed
    EXPECT_TRUE(c.wait_closed());
}

}  // namespace
}  // namespace freshet::http::test
