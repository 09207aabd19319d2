// Limits and timeouts: body and header size, malformed input, idle and read timeouts,
// connection cap.
#include <gtest/gtest.h>

#include "http/client.h"
#include "http/tests/test_util.h"

namespace freshet::http::test {
namespace {

ServerOptions small_limits() {
    ServerOptions o;
    o.max_body_bytes = 1024;
    o.max_header_bytes = 1024;
    return o;
}

TEST(LimitsTest, BodyOverLimitIs413AndCloses) {
    auto server = start_server(echo_handler(), small_limits());
    RawConnection c(server->port());
    ASSERT_TRUE(c.send("PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n" +
                       std::string(2048, 'a')));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(r->body, "Request must be smaller than 1024 bytes.");
    EXPECT_TRUE(c.wait_closed());
}

TEST(LimitsTest, BodyAtLimitIsAccepted) {
    auto server = start_server(echo_handler(), small_limits());
    Client client("127.0.0.1", server->port());
    auto r = client.send("PUT", "/ok", {}, std::string(1024, 'a'));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200);
}

TEST(LimitsTest, ChunkedBodyOverLimitIs413) {
    auto server = start_server(echo_handler(), small_limits());
    RawConnection c(server->port());
    std::string chunked = "PUT /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i) chunked += "200\r\n" + std::string(512, 'b') + "\r\n";
    ASSERT_TRUE(c.send(chunked + "0\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_TRUE(c.wait_closed());
}

TEST(LimitsTest, HeadersOverLimitAre431AndClose) {
    auto server = start_server(echo_handler(), small_limits());
    RawConnection c(server->port());
    ASSERT_TRUE(
        c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2000, 'h') + "\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 431);
    EXPECT_TRUE(c.wait_closed());
}

TEST(LimitsTest, MalformedRequestsAre400AndClose) {
    auto server = start_server(echo_handler());
    for (const std::string bad : {"GET /\r\n\r\n", "GET / HTTP/9\r\n\r\n", "G@T / HTTP/1.1\r\n\r\n",
                                  "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
                                  "POST / HTTP/1.1\r\nContent-Length: zz\r\n\r\n"}) {
        RawConnection c(server->port());
        ASSERT_TRUE(c.send(bad));
        auto r = c.read_response();
        ASSERT_TRUE(r) << bad;
        EXPECT_EQ(r->status, 400) << bad;
        EXPECT_TRUE(c.wait_closed()) << bad;
    }
}

TEST(LimitsTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
    ServerOptions o;
    o.idle_timeout = std::chrono::seconds(1);
    auto server = start_server(echo_handler(), o);
    RawConnection c(server->port());
    ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(c.read_response());
    const auto idle_since = std::chrono::steady_clock::now();
    EXPECT_TRUE(c.wait_closed(5s));
    EXPECT_GE(std::chrono::steady_clock::now() - idle_since, 900ms);
    EXPECT_TRUE(wait_until([&] { return server->active_connections() == 0; }));
}

TEST(LimitsTest, SlowRequestIsClosedAfterReadTimeout) {
    ServerOptions o;
    o.read_timeout = std::chrono::seconds(1);
    auto server = start_server(echo_handler(), o);
    RawConnection c(server->port());
    ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: x\r\n"));  // never finishes its headers
    EXPECT_TRUE(c.wait_closed(5s));
}

TEST(LimitsTest, ConnectionsOverTheCapAreClosed) {
    ServerOptions o;
    o.max_connections = 2;
    auto server = start_server(echo_handler(), o);
    RawConnection a(server->port()), b(server->port());
    ASSERT_TRUE(wait_until([&] { return server->active_connections() == 2; }));
    RawConnection c(server->port());
    EXPECT_TRUE(c.wait_closed());
    ASSERT_TRUE(a.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_TRUE(a.read_response());
}

}  // namespace
}  // namespace freshet::http::test
