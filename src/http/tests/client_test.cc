// The synchronous client (reconnect, errors, timeouts, 100-continue, HEAD) and
// parse_endpoint.
#include <gtest/gtest.h>

#include <mutex>

#include "http/client.h"
#include "http/tests/test_util.h"

namespace freshet::http::test {
namespace {

TEST(ClientTest, ReconnectsAfterTheServerClosedTheConnection) {
    ServerOptions o;
    o.idle_timeout = std::chrono::seconds(1);
    auto server = start_server(echo_handler(), o);
    Client client("127.0.0.1", server->port());
    ASSERT_TRUE(client.send("GET", "/first", {}, "").ok());
    ASSERT_TRUE(wait_until([&] { return server->active_connections() == 0; }))
        << "the server closes the idle connection";
    auto r = client.send("POST", "/second", {}, "again");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_NE(r->body.find("\"body\":\"again\""), std::string::npos);
}

TEST(ClientTest, ReusesItsConnection) {
    auto server = start_server(echo_handler());
    Client client("127.0.0.1", server->port());
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(client.send("GET", "/", {}, "").ok());
    EXPECT_EQ(server->active_connections(), 1u);
}

TEST(ClientTest, ConnectionRefusedIsAnError) {
    uint16_t port;
    {
        auto server = start_server(echo_handler());
        port = server->port();
    }
    Client client("127.0.0.1", port);
    auto r = client.send("GET", "/", {}, "");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "InternalFailure");
    EXPECT_EQ(r.error().message, "Connection refused");
}

TEST(ClientTest, TimesOut) {
    std::mutex mu;
    std::vector<Respond> parked;
    auto server = start_server([&](Request&&, Respond respond) {
        std::lock_guard lock(mu);
        parked.push_back(std::move(respond));
    });
    Client client("127.0.0.1", server->port(), std::chrono::milliseconds(200));
    auto r = client.send("GET", "/", {}, "");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("timeout"), std::string::npos) << r.error().message;
    {
        std::lock_guard lock(mu);
        EXPECT_EQ(parked.size(), 1u) << "a timed-out request is not resent";
    }
    server->stop(std::chrono::milliseconds(0));  // do not wait for the parked request
}

TEST(ClientTest, SkipsInterim100Continue) {
    auto server = start_server(echo_handler());
    Client client("127.0.0.1", server->port());
    auto r = client.send("PUT", "/k", {{"Expect", "100-continue"}}, "data");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->body.find("\"body\":\"data\""), std::string::npos);
}

TEST(ClientTest, HeadReadsNoBody) {
    auto server = start_server([](Request&&, Respond respond) {
        respond(Response{200, {{"Content-Length", "99"}}, ""});
    });
    Client client("127.0.0.1", server->port());
    auto r = client.send("HEAD", "/", {}, "");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r->header("Content-Length"), "99");
    EXPECT_TRUE(client.send("HEAD", "/", {}, "").ok()) << "the connection is still in sync";
}

TEST(ParseEndpointTest, Accepts) {
    struct Case {
        const char* url;
        const char* host;
        uint16_t port;
    };
    for (const Case& c :
         {Case{"http://127.0.0.1:4566", "127.0.0.1", 4566},
          Case{"http://localhost:4566/", "localhost", 4566},
          Case{"HTTP://example.com", "example.com", 80}, Case{"http://[::1]:8080", "::1", 8080},
          Case{"http://my-host_1.local:65535", "my-host_1.local", 65535}}) {
        auto e = parse_endpoint(c.url);
        ASSERT_TRUE(e.ok()) << c.url << ": " << e.error().message;
        EXPECT_EQ(e->host, c.host) << c.url;
        EXPECT_EQ(e->port, c.port) << c.url;
    }
}

TEST(ParseEndpointTest, Rejects) {
    for (const char* url : {"https://127.0.0.1:4566", "127.0.0.1:4566", "ftp://x", "http://",
                            "http://:4566", "http://host:", "http://host:0", "http://host:65536",
                            "http://host:12ab", "http://host:4566/path", "http://user@host:1",
                            "http://ho st:1", "http://[::1", "http://[::1]x", ""}) {
        auto e = parse_endpoint(url);
        ASSERT_FALSE(e.ok()) << url;
        EXPECT_EQ(e.error().code, "InvalidEndpoint");
    }
    EXPECT_NE(parse_endpoint("https://a:1").error().message.find("https"), std::string::npos);
}

}  // namespace
}  // namespace freshet::http::test
