// The queue of asynchronous invocations, on real storage with a stand-in for running the
// function: retries after function errors (twice, at the configured delays), throttled events
// tried again until they are too old, functions that are gone, and events that outlive a
// restart of the server.
#include "functions/async_queue.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "storage/db.h"

namespace freshet::functions {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Outcome = AsyncQueue::Outcome;

class AsyncQueueTest : public ::testing::Test {
  protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("freshet-async-" + std::to_string(::getpid()));
        fs::remove_all(root_);
        open();
        options_.retry_delays = {20ms, 40ms};
        options_.first_throttle_delay = 5ms;
        options_.max_throttle_delay = 20ms;
        options_.max_age = 150ms;
    }
    void TearDown() override {
        db_.reset();
        fs::remove_all(root_);
    }
    void open() {
        storage::Db::Options o;
        o.path = (root_ / "db").string();
        db_ = storage::Db::open(o).value();
    }

    // Starts `q` with a runner that answers `outcome(event)` and counts the runs per payload.
    void start(AsyncQueue& q, std::function<Outcome(const AsyncEvent&)> outcome) {
        q.start([this, outcome](const AsyncEvent& e, std::function<void(Outcome)> done) {
            {
                std::lock_guard lock(mu_);
                runs_[e.payload].push_back(e.attempts);
            }
            // Answer from another thread, as the pool does.
            std::thread([done, o = outcome(e)] { done(o); }).detach();
        });
    }
    static AsyncEvent event(std::string payload) {
        AsyncEvent e;
        e.function = "fn";
        e.version = "$LATEST";
        e.region = "us-east-1";
        e.payload = std::move(payload);
        return e;
    }
    static void wait_empty(AsyncQueue& q) {
        for (int i = 0; i < 500 && q.size() > 0; ++i) std::this_thread::sleep_for(10ms);
        ASSERT_EQ(q.size(), 0u);
    }
    std::vector<int64_t> runs(const std::string& payload) {
        std::lock_guard lock(mu_);
        return runs_[payload];
    }

    fs::path root_;
    std::unique_ptr<storage::Db> db_;
    AsyncQueueOptions options_;
    std::mutex mu_;
    std::map<std::string, std::vector<int64_t>> runs_;
};

TEST_F(AsyncQueueTest, AFunctionErrorIsRetriedTwiceThenDiscarded) {
    AsyncQueue q(*db_, options_);
    start(q, [](const AsyncEvent& e) {
        return e.payload == "ok" ? Outcome::Ran : Outcome::FunctionError;
    });
    ASSERT_TRUE(q.enqueue(event("ok")).ok());
    ASSERT_TRUE(q.enqueue(event("bad")).ok());
    wait_empty(q);
    EXPECT_EQ(runs("ok"), (std::vector<int64_t>{0}));
    EXPECT_EQ(runs("bad"), (std::vector<int64_t>{0, 1, 2}));  // the first run and two retries
}

TEST_F(AsyncQueueTest, ThrottledEventsWaitUntilTheyRunOrAreTooOld) {
    AsyncQueue q(*db_, options_);
    std::atomic<int> tries{0};
    start(q, [&](const AsyncEvent& e) {
        if (e.payload == "never") return Outcome::Throttled;
        return ++tries < 3 ? Outcome::Throttled : Outcome::Ran;  // a slot frees up later
    });
    ASSERT_TRUE(q.enqueue(event("later")).ok());
    ASSERT_TRUE(q.enqueue(event("never")).ok());
    wait_empty(q);
    EXPECT_EQ(runs("later").size(), 3u);
    size_t never = runs("never").size();
    EXPECT_GE(never, 3u);   // tried again and again...
    EXPECT_LE(never, 40u);  // ...with a growing delay, until past max_age
}

TEST_F(AsyncQueueTest, AnEventOfAFunctionThatIsGoneIsDropped) {
    AsyncQueue q(*db_, options_);
    start(q, [](const AsyncEvent&) { return Outcome::Gone; });
    ASSERT_TRUE(q.enqueue(event("x")).ok());
    wait_empty(q);
    EXPECT_EQ(runs("x").size(), 1u);
}

TEST_F(AsyncQueueTest, AcceptedEventsSurviveARestart) {
    {
        AsyncQueue q(*db_, options_);
        // Nothing runs: the "server" stops with both events accepted but not run.
        q.start([](const AsyncEvent&, std::function<void(Outcome)>) {});
        q.stop();
        ASSERT_TRUE(q.enqueue(event("a")).ok());
        ASSERT_TRUE(q.enqueue(event("b")).ok());
    }
    db_->close();
    db_.reset();
    open();
    AsyncQueue q(*db_, options_);
    start(q, [](const AsyncEvent&) { return Outcome::Ran; });
    wait_empty(q);
    EXPECT_EQ(runs("a").size(), 1u);
    EXPECT_EQ(runs("b").size(), 1u);
    // And once run, they are gone from storage: a further restart runs nothing.
    q.stop();
    AsyncQueue again(*db_, options_);
    start(again, [](const AsyncEvent&) { return Outcome::Ran; });
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(runs("a").size(), 1u);
    EXPECT_EQ(again.size(), 0u);
}

}  // namespace
}  // namespace freshet::functions
