// The parts of `freshet demo` (commands.h): the server it starts or finds (demo_server.cc), the
// stack it deploys (demo_stack.cc), the producer (demo_producer.cc), and what it measures and
// shows (demo_progress.cc). demo.cc runs them.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/aws_client.h"
#include "cli/commands.h"
#include "cli/tweets.h"
#include "core/result.h"

namespace freshet::cli {

using SteadyTime = std::chrono::steady_clock::time_point;

// A stop request shared by the demo's threads (a signal, a failure, or the end). Thread-safe.
class Stopper {
  public:
    void request();
    bool requested() const;
    // Waits until `t` or a stop request; true when a stop was requested.
    bool wait_until(SteadyTime t);
    bool wait_for(std::chrono::milliseconds d) {
        return wait_until(std::chrono::steady_clock::now() + d);
    }

  private:
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool requested_ = false;
};

// The server the demo talks to: the one answering on the port, or `<this binary> serve` started
// as a child in its own session, its output appended to <data-dir>/demo-server.log.
class DemoServer {
  public:
    ~DemoServer() { stop(); }
    // Finds or starts the server and prints what it did and the console's sign-in line.
    Result<void> start(const app::ServeOptions& options);
    const std::string& endpoint() const { return endpoint_; }
    // The started server's pid (0 when the demo uses a server it did not start).
    pid_t pid() const { return pid_; }
    // True when the started server has exited on its own.
    bool exited();
    // SIGTERM to the started server, then waits for it (SIGKILL after a minute). Returns
    // whether there was one to stop.
    bool stop();

  private:
    Result<void> spawn(const app::ServeOptions& options, const std::string& log);
    std::string endpoint_, log_;
    pid_t pid_ = 0;
    bool reaped_ = false;
};

// The stack "refarch", as the producer and the progress line need it.
struct DemoStack {
    std::string stream, region, access_key_id, secret_access_key;
    std::string function;  // the physical name of DDBEventProcessor
    std::string table;     // refarch-EventData
};
constexpr const char* kDemoStack = "refarch";

// Reuses the stack when it is CREATE_COMPLETE or UPDATE_COMPLETE; otherwise deploys it from the
// embedded files through `freshet deploy`'s code (a stack in another final state is deleted
// first). Prints which it did.
Result<DemoStack> ensure_demo_stack(const ClientOptions& root);

struct TweetKey {
    std::string user_name, id;
};

// Put-to-item latency on sampled tweets: from just before the PutRecord was sent until a
// GetItem first returns the item. One thread polls every pending sample (at most
// kMaxPending; more are dropped); each sample is given up after 30 s.
class LatencySampler {
  public:
    LatencySampler(ClientOptions root, std::string table)
        : root_(std::move(root)), table_(std::move(table)) {}
    void watch(TweetKey key, SteadyTime sent);
    void run(Stopper& stop);  // the polling thread's body
    // p50 and p99 in milliseconds over the last 500 samples; nullopt before the first.
    std::optional<std::pair<double, double>> percentiles() const;

  private:
    static constexpr size_t kMaxPending = 200;
    struct Pending {
        TweetKey key;
        SteadyTime sent;
    };
    ClientOptions root_;
    std::string table_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<Pending> pending_;
    std::deque<double> samples_;
};

// Puts generated tweets on the stream (PutRecord, PartitionKey = screen name) with the
// client's keys at `rate` a second, from a few threads so that slow puts do not hold the rate
// back. Retries transport errors, throttling and 5xx for up to a minute; any other error
// stops it (failure()) and requests a stop.
struct ProducerOptions {
    ClientOptions client;  // endpoint, region and the stack's client keys
    std::string stream;
    int64_t count = 0;  // 0: until stopped
    double rate = 50;   // 0: as fast as the puts go
    uint64_t seed = 0;
};

class Producer {
  public:
    Producer(ProducerOptions options, Stopper& stop, LatencySampler& latency);
    ~Producer() { join(); }
    void start();
    void join();
    // True once every thread has returned (count reached, stopped, or failed).
    bool finished() const { return running_ == 0; }
    int64_t acknowledged() const { return acknowledged_; }
    std::optional<ApiError> failure() const;
    // The keys of the tweets acknowledged so far.
    std::vector<TweetKey> keys() const;

  private:
    struct Slot {
        Tweet tweet;
        SteadyTime at;
        bool sample = false;
    };
    std::optional<Slot> next_slot();
    void work();
    Result<void> put(SignedClient& client, const Tweet& tweet);

    ProducerOptions options_;
    Stopper& stop_;
    LatencySampler& latency_;
    TweetGenerator generator_;
    mutable std::mutex mutex_;  // guards the fields below
    int64_t issued_ = 0;
    SteadyTime next_at_;
    std::vector<TweetKey> keys_;
    std::optional<ApiError> failure_;
    std::atomic<int64_t> acknowledged_{0};
    std::atomic<int> running_{0};
    std::vector<std::thread> threads_;
};

// Items in the table: Scan with Select COUNT over every page.
Result<int64_t> table_count(SignedClient& client, const std::string& table);

// Waits until every key is in the table (BatchGetItem); fails when no new one has appeared
// for `timeout`. Returns early (ok) on a stop request.
Result<void> wait_for_items(const ClientOptions& root, const std::string& table,
                            std::vector<TweetKey> keys, std::chrono::seconds timeout,
                            Stopper& stop);

// The progress line, once a second: tweets put, items in the table, latency, and the
// function's invocations and failed (retried) invocations from GET /metrics. Overwritten in
// place on a terminal, one line each time otherwise.
struct ProgressSources {
    std::function<int64_t()> put;
    const LatencySampler* latency = nullptr;
    ClientOptions root;
    std::string table, function, endpoint, metrics_token_file, metrics_token;
};

class Progress {
  public:
    explicit Progress(ProgressSources sources);
    void run(Stopper& stop);  // the printing thread's body
    // Prints text on lines of its own (ending the progress line first). Thread-safe.
    void say(const std::string& text);
    // The last table count seen (-1 before the first).
    int64_t last_count() const { return last_count_; }

  private:
    std::string line();
    ProgressSources s_;
    std::mutex out_;
    bool tty_ = false, open_line_ = false;
    std::atomic<int64_t> last_count_{-1};
};

}  // namespace freshet::cli
