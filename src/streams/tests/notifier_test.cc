// RecordNotifier: delivery, unsubscription, and concurrency.
#include "streams/notifier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace freshet::streams {
namespace {

TEST(RecordNotifier, DeliversToEverySubscriberUntilUnsubscribed) {
    RecordNotifier n;
    std::vector<std::string> a, b;
    auto ida = n.subscribe([&](const RecordsArrived& e) { a.push_back(e.shard_id); });
    auto idb = n.subscribe([&](const RecordsArrived& e) { b.push_back(e.shard_id); });
    EXPECT_EQ(n.subscribers(), 2u);
    RecordsArrived e;
    e.shard_id = "shardId-000000000001";
    n.publish(e);
    EXPECT_TRUE(n.unsubscribe(ida));
    EXPECT_FALSE(n.unsubscribe(ida));
    n.publish(e);
    EXPECT_EQ(a.size(), 1u);
    EXPECT_EQ(b.size(), 2u);
    EXPECT_TRUE(n.unsubscribe(idb));
    n.publish(e);
    EXPECT_EQ(b.size(), 2u);
}

TEST(RecordNotifier, ConcurrentPublishersAndSubscribers) {
    RecordNotifier n;
    std::atomic<int> calls{0};
    auto stable = n.subscribe([&](const RecordsArrived&) { calls.fetch_add(1); });
    std::atomic<bool> stop{false};
    std::thread churn([&] {
        while (!stop) {
            auto id = n.subscribe([](const RecordsArrived&) {});
            n.unsubscribe(id);
        }
    });
    std::vector<std::thread> publishers;
    for (int t = 0; t < 4; ++t)
        publishers.emplace_back([&] {
            for (int i = 0; i < 2000; ++i) n.publish(RecordsArrived{});
        });
    for (auto& p : publishers) p.join();
    stop = true;
    churn.join();
    EXPECT_EQ(calls.load(), 8000);
    EXPECT_TRUE(n.unsubscribe(stable));
}

}  // namespace
}  // namespace freshet::streams
