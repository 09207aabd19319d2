// Start, stop and the lifetime of deferred answers: a Respond outliving its connection or
// server, graceful stop, load from many clients, post().
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "http/client.h"
#include "http/tests/test_util.h"

namespace freshet::http::test {
namespace {

// Keeps every Respond so that the test decides when (and whether) to answer.
struct Parked {
    Handler handler() {
        return [this](Request&&, Respond respond) {
            std::lock_guard lock(mu);
            responds.push_back(std::move(respond));
        };
    }
    size_t count() {
        std::lock_guard lock(mu);
        return responds.size();
    }
    Respond take(size_t i) {
        std::lock_guard lock(mu);
        return responds.at(i);
    }
    std::mutex mu;
    std::vector<Respond> responds;
};

TEST(LifecycleTest, RespondAfterClientDisconnectedIsHarmless) {
    Parked parked;
    auto server = start_server(parked.handler());
    {
        RawConnection c(server->port());
        ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        ASSERT_TRUE(wait_until([&] { return parked.count() == 1; }));
    }  // the client is gone before the answer
    std::thread([r = parked.take(0)] { r(Response{200, {}, "too late"}); }).join();
    EXPECT_TRUE(wait_until([&] { return server->in_flight_requests() == 0; }));
    EXPECT_TRUE(wait_until([&] { return server->active_connections() == 0; }));
    // The server still serves.
    RawConnection next(server->port());
    ASSERT_TRUE(next.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(wait_until([&] { return parked.count() == 2; }));
    parked.take(1)(Response{201, {}, ""});
    auto r = next.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 201);
}

TEST(LifecycleTest, RespondAfterServerDestroyedIsHarmless) {
    Parked parked;
    auto server = start_server(parked.handler());
    RawConnection c(server->port());
    ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(wait_until([&] { return parked.count() == 1; }));
    server->stop(std::chrono::milliseconds(50));  // grace expires: the request is cut off
    server.reset();
    EXPECT_TRUE(c.wait_closed());
    parked.take(0)(Response{200, {}, "nobody listens"});
    parked.responds.clear();  // drops the last reference to the connection and its io_context
}

TEST(LifecycleTest, GracefulStopLetsInFlightRequestFinish) {
    Parked parked;
    auto server = start_server(parked.handler());
    RawConnection busy(server->port()), idle(server->port());
    ASSERT_TRUE(busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(wait_until([&] { return parked.count() == 1; }));
    ASSERT_TRUE(wait_until([&] { return server->active_connections() == 2; }));
    auto stopped = std::async(std::launch::async, [&] { server->stop(std::chrono::seconds(10)); });
    EXPECT_TRUE(idle.wait_closed()) << "idle keep-alive connections close at once";
    EXPECT_EQ(stopped.wait_for(0ms), std::future_status::timeout) << "stop waits for the request";
    std::thread([r = parked.take(0)] {
        std::this_thread::sleep_for(50ms);
        r(Response{200, {}, "done"});
    }).join();
    auto r = busy.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "done");
    EXPECT_EQ(*r->header("Connection"), "close");
    EXPECT_TRUE(busy.wait_closed());
    EXPECT_EQ(stopped.wait_for(5s), std::future_status::ready);
    EXPECT_EQ(server->in_flight_requests(), 0u);
}

TEST(LifecycleTest, StopGivesUpAfterGrace) {
    Parked parked;
    auto server = start_server(parked.handler());
    RawConnection c(server->port());
    ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(wait_until([&] { return parked.count() == 1; }));
    const auto before = std::chrono::steady_clock::now();
    server->stop(std::chrono::milliseconds(200));
    EXPECT_GE(std::chrono::steady_clock::now() - before, 190ms);
    EXPECT_TRUE(c.wait_closed());
    server->stop();  // idempotent
}

TEST(LifecycleTest, ManyConcurrentClients) {
    auto server = start_server(echo_handler());
    constexpr int kClients = 100, kRequests = 100;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i) {
        threads.emplace_back([&, i] {
            Client client("127.0.0.1", server->port());
            for (int j = 0; j < kRequests; ++j) {
                const std::string body = std::to_string(i) + "/" + std::to_string(j);
                auto r = client.send("POST", "/", {}, body);
                if (r.ok() && r->status == 200 &&
                    r->body.find("\"body\":\"" + body + "\"") != std::string::npos) {
                    ++ok;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), kClients * kRequests);
}

TEST(LifecycleTest, PostRunsOnAnIoThread) {
    auto server = start_server(echo_handler());
    std::promise<std::thread::id> ran;
    server->post([&] { ran.set_value(std::this_thread::get_id()); });
    auto f = ran.get_future();
    ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
    EXPECT_NE(f.get(), std::this_thread::get_id());
}

TEST(LifecycleTest, PortInUseIsAClearError) {
    auto first = start_server(echo_handler());
    ServerOptions o;
    o.port = first->port();
    Server second(o, echo_handler());
    auto started = second.start();
    ASSERT_FALSE(started.ok());
    EXPECT_EQ(started.error().code, "InternalFailure");
    EXPECT_EQ(started.error().message,
              "Address already in use: 127.0.0.1:" + std::to_string(first->port()));
}

TEST(LifecycleTest, StartTwiceFailsAndStopWithoutStartIsFine) {
    auto server = start_server(echo_handler());
    EXPECT_FALSE(server->start().ok());
    Server never({}, echo_handler());
    never.stop();
}

}  // namespace
}  // namespace freshet::http::test
