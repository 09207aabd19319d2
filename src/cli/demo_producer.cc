// The producer of `freshet demo`: generated tweets on the stream at a steady rate (demo.h).
#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "cli/demo.h"
#include "core/encoding.h"

namespace freshet::cli {

namespace json = boost::json;

namespace {

constexpr auto kRetryFor = std::chrono::minutes(1);
constexpr auto kFirstBackoff = std::chrono::milliseconds(50);
constexpr auto kMaxBackoff = std::chrono::seconds(2);
constexpr int kSampleEvery = 10;  // one tweet in ten is watched for latency

// Errors worth another try: the server unreachable or failing (5xx), or throttling.
bool retryable(const ApiError& e) {
    return e.status >= 500 || e.message.find("Throttl") != std::string::npos ||
           e.message.find("ProvisionedThroughputExceeded") != std::string::npos;
}

int64_t unix_ms_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Enough threads that the rate holds when a put takes tens of milliseconds.
int thread_count(double rate) {
    if (rate <= 0) return 8;
    return std::clamp(static_cast<int>(rate / 25) + 1, 2, 16);
}

}  // namespace

Producer::Producer(ProducerOptions options, Stopper& stop, LatencySampler& latency)
    : options_(std::move(options)),
      stop_(stop),
      latency_(latency),
      generator_(options_.seed),
      next_at_(std::chrono::steady_clock::now()) {}

void Producer::start() {
    int n = thread_count(options_.rate);
    running_ = n;
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { work(); });
}

void Producer::join() {
    for (auto& t : threads_) {
        if (t.joinable()) t.join();
    }
}

std::optional<ApiError> Producer::failure() const {
    std::lock_guard lock(mutex_);
    return failure_;
}

std::vector<TweetKey> Producer::keys() const {
    std::lock_guard lock(mutex_);
    return keys_;
}

// The next tweet and when to send it; nullopt once `count` tweets are handed out, on a stop
// request, or after a failure.
std::optional<Producer::Slot> Producer::next_slot() {
    std::lock_guard lock(mutex_);
    if (failure_ || stop_.requested()) return std::nullopt;
    if (options_.count > 0 && issued_ >= options_.count) return std::nullopt;
    auto now = std::chrono::steady_clock::now();
    // After a stall (a server restart), catch up by at most a second's worth of tweets.
    next_at_ = std::max(next_at_, now - std::chrono::seconds(1));
    Slot slot{{}, next_at_, issued_ % kSampleEvery == 0};
    if (options_.rate > 0) {
        next_at_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(1.0 / options_.rate));
    }
    auto ahead = std::chrono::duration_cast<std::chrono::milliseconds>(slot.at - now);
    slot.tweet = generator_.next(unix_ms_now() + std::max<int64_t>(0, ahead.count()));
    ++issued_;
    return slot;
}

Result<void> Producer::put(SignedClient& client, const Tweet& tweet) {
    json::object in{{"StreamName", options_.stream},
                    {"PartitionKey", tweet.screen_name},
                    {"Data", base64_encode(tweet.json)}};
    auto give_up = std::chrono::steady_clock::now() + kRetryFor;
    auto backoff = std::chrono::duration_cast<std::chrono::milliseconds>(kFirstBackoff);
    while (true) {
        auto out = client.call_json("kinesis", "Kinesis_20131202.PutRecord", "1.1", in);
        if (out.ok()) return Ok{};
        if (!retryable(out.error()) || std::chrono::steady_clock::now() > give_up)
            return std::move(out).take_error();
        if (stop_.wait_for(backoff)) return ApiError{"Stopped", "", 0};
        backoff = std::min(backoff * 2, std::chrono::milliseconds(kMaxBackoff));
    }
}

void Producer::work() {
    auto client = SignedClient::open(options_.client);
    while (client.ok()) {
        auto slot = next_slot();
        if (!slot) break;
        if (stop_.wait_until(slot->at)) break;
        auto sent = std::chrono::steady_clock::now();
        auto done = put(*client, slot->tweet);
        if (!done.ok()) {
            if (done.error().code == "Stopped") break;
            std::lock_guard lock(mutex_);
            if (!failure_) failure_ = done.error();
            stop_.request();
            break;
        }
        TweetKey key{slot->tweet.user_name, slot->tweet.id_str};
        if (slot->sample) latency_.watch(key, sent);
        {
            std::lock_guard lock(mutex_);
            keys_.push_back(std::move(key));
        }
        ++acknowledged_;
    }
    if (!client.ok()) {
        std::lock_guard lock(mutex_);
        if (!failure_) failure_ = client.error();
        stop_.request();
    }
    --running_;
}

}  // namespace freshet::cli
