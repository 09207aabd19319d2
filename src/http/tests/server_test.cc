// The server's request/response path: parsing, keep-alive, pipelining, HEAD, 100-continue,
// default headers and the Respond contract.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <mutex>
#include <thread>

#include "http/client.h"
#include "http/tests/test_util.h"

namespace freshet::http::test {
namespace {

std::string simple_get(const std::string& path, const std::string& extra = "") {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n";
}

TEST(ServerTest, EchoesRequestParts) {
    auto server = start_server(echo_handler());
    Client client("127.0.0.1", server->port());
    auto r = client.send("POST", "/a%20b/c?x=1&y=%2F", {{"X-Amz-Target", "Foo.Bar"}}, "hello");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 200);
    auto o = boost::json::parse(r->body).as_object();
    EXPECT_EQ(o["method"], "POST");
    EXPECT_EQ(o["target"], "/a%20b/c?x=1&y=%2F");
    EXPECT_EQ(o["path"], "/a%20b/c");
    EXPECT_EQ(o["query"], "x=1&y=%2F");
    EXPECT_EQ(o["body"], "hello");
    EXPECT_EQ(o["remote"], "127.0.0.1");
    EXPECT_NE(boost::json::serialize(o["headers"]).find(R"(["X-Amz-Target","Foo.Bar"])"),
              std::string::npos);
    ASSERT_NE(r->header("Server"), nullptr);
    EXPECT_EQ(*r->header("Server"), "Freshet");
    ASSERT_NE(r->header("Date"), nullptr);
    EXPECT_EQ(r->header("Date")->size(), 29u);  // "Sun, 06 Nov 1994 08:49:37 GMT"
    EXPECT_EQ(*r->header("Content-Length"), std::to_string(r->body.size()));
    EXPECT_EQ(*r->header("Content-Type"), "application/json");
}

TEST(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
    auto server = start_server(echo_handler());
    RawConnection c(server->port());
    ASSERT_TRUE(c.connected());
    for (int i = 0; i < 50; ++i) {
        ASSERT_TRUE(c.send(simple_get("/n/" + std::to_string(i))));
        auto r = c.read_response();
        ASSERT_TRUE(r) << "request " << i;
        EXPECT_NE(r->body.find("\"/n/" + std::to_string(i) + "\""), std::string::npos);
    }
    EXPECT_EQ(server->active_connections(), 1u);
}

TEST(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
    // The first answer is deferred so that the second request is certainly parsed first.
    auto server = start_server([](Request&& request, Respond respond) {
        if (request.path == "/slow") {
            std::thread([request = std::move(request), respond] {
                std::this_thread::sleep_for(50ms);
                respond(echo(request));
            }).detach();
            return;
        }
        respond(echo(request));
    });
    RawConnection c(server->port());
    ASSERT_TRUE(c.send(simple_get("/slow") + simple_get("/fast")));
    auto first = c.read_response();
    auto second = c.read_response();
    ASSERT_TRUE(first && second);
    EXPECT_NE(first->body.find("\"/slow\""), std::string::npos);
    EXPECT_NE(second->body.find("\"/fast\""), std::string::npos);
}

TEST(ServerTest, HeadKeepsHandlerContentLengthAndSendsNoBody) {
    auto server = start_server([](Request&& request, Respond respond) {
        if (request.method == "HEAD") {
            respond(Response{200, {{"Content-Length", "1234"}}, ""});
        } else {
            respond(echo(request));
        }
    });
    RawConnection c(server->port());
    ASSERT_TRUE(c.send("HEAD /object HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto head = c.read_response(5s, /*head=*/true);
    ASSERT_TRUE(head);
    EXPECT_EQ(*head->header("Content-Length"), "1234");
    // Had any body bytes been sent, this answer would not parse.
    ASSERT_TRUE(c.send(simple_get("/after")));
    auto next = c.read_response();
    ASSERT_TRUE(next);
    EXPECT_EQ(next->status, 200);
    EXPECT_NE(next->body.find("\"/after\""), std::string::npos);
}

TEST(ServerTest, Http10WithoutKeepAliveCloses) {
    auto server = start_server(echo_handler());
    RawConnection c(server->port());
    ASSERT_TRUE(c.send("GET /old HTTP/1.0\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_TRUE(c.wait_closed());
}

TEST(ServerTest, Http10WithKeepAliveStaysOpen) {
    auto server = start_server(echo_handler());
    RawConnection c(server->port());
    for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(c.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
        auto r = c.read_response();
        ASSERT_TRUE(r);
        EXPECT_EQ(*r->header("Connection"), "keep-alive");
    }
}

TEST(ServerTest, ConnectionCloseCloses) {
    auto server = start_server(echo_handler());
    RawConnection c(server->port());
    ASSERT_TRUE(c.send(simple_get("/bye", "Connection: close\r\n")));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(*r->header("Connection"), "close");
    EXPECT_TRUE(c.wait_closed());
}

TEST(ServerTest, AnswersExpect100Continue) {
    auto server = start_server(echo_handler());
    RawConnection c(server->port());
    ASSERT_TRUE(
        c.send("PUT /bucket/key HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
               "Expect: 100-continue\r\n\r\n"));
    auto interim = c.read_response();  // the body is only sent after this arrives
    ASSERT_TRUE(interim);
    EXPECT_EQ(interim->status, 100);
    ASSERT_TRUE(c.send("12345"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->body.find("\"body\":\"12345\""), std::string::npos);
}

TEST(ServerTest, KeepsDateAndServerSetByHandler) {
    auto server = start_server([](Request&&, Respond respond) {
        respond(
            Response{204, {{"Server", "AmazonS3"}, {"Date", "Thu, 01 Jan 1970 00:00:00 GMT"}}, ""});
    });
    RawConnection c(server->port());
    ASSERT_TRUE(c.send(simple_get("/")));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 204);
    EXPECT_EQ(*r->header("Server"), "AmazonS3");
    EXPECT_EQ(*r->header("Date"), "Thu, 01 Jan 1970 00:00:00 GMT");
    EXPECT_EQ(r->header("Content-Length"), nullptr);  // RFC 9110: never on a 204
}

TEST(ServerTest, HandlerMayAnswerLaterFromAnotherThread) {
    std::vector<std::thread> workers;
    std::mutex mu;
    auto server = start_server([&](Request&& request, Respond respond) {
        std::lock_guard lock(mu);
        workers.emplace_back([request = std::move(request), respond] {
            std::this_thread::sleep_for(50ms);
            respond(echo(request));
        });
    });
    Client client("127.0.0.1", server->port());
    for (int i = 0; i < 3; ++i) {
        auto r = client.send("GET", "/later", {}, "");
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(r->status, 200);
    }
    std::lock_guard lock(mu);
    for (auto& t : workers) t.join();
}

TEST(ServerTest, SecondRespondIsIgnored) {
    auto server = start_server([](Request&& request, Respond respond) {
        respond(echo(request));
        respond(Response{500, {}, "second"});
    });
    RawConnection c(server->port());
    ASSERT_TRUE(c.send(simple_get("/one") + simple_get("/two")));
    auto first = c.read_response();
    auto second = c.read_response();
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->status, 200);
    EXPECT_EQ(second->status, 200);
    EXPECT_FALSE(c.read_response(200ms)) << "an extra answer was written";
}

TEST(ServerTest, DroppedRespondAnswers500) {
    auto server = start_server([](Request&&, Respond) {});
    Client client("127.0.0.1", server->port());
    auto r = client.send("GET", "/", {}, "");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 500);
}

TEST(ServerTest, ThrowingHandlerAnswers500) {
    auto server = start_server([](Request&&, Respond) { throw std::runtime_error("boom"); });
    Client client("127.0.0.1", server->port());
    auto r = client.send("GET", "/", {}, "");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 500);
    EXPECT_EQ(r->body, "An internal error occurred.");
    EXPECT_TRUE(wait_until([&] { return server->in_flight_requests() == 0; }));
}

}  // namespace
}  // namespace freshet::http::test
