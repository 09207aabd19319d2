#include "functions/async_queue.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/clock.h"
#include "storage/db.h"
#include "storage/txn.h"

namespace freshet::functions {
namespace {

namespace json = boost::json;
using storage::Cf;

// Persisted in Cf::Functions (append only, as function_store.h's keys):
//   "async/<20-digit id>"  an event waiting (JSON, the AsyncEvent fields)
//   "async-next"           the next id
constexpr std::string_view kPrefix = "async/";
constexpr std::string_view kEnd = "async0";  // '0' follows '/'
constexpr std::string_view kNext = "async-next";

std::string key(uint64_t id) {
    return fmt::format("async/{:020d}", id);
}

std::string encode(const AsyncEvent& e) {
    return json::serialize(json::object{{"function", e.function},
                                        {"version", e.version},
                                        {"region", e.region},
                                        {"payload", e.payload},
                                        {"client_context", e.client_context},
                                        {"accepted_ms", e.accepted_ms},
                                        {"due_ms", e.due_ms},
                                        {"attempts", e.attempts},
                                        {"throttles", e.throttles}});
}

AsyncEvent decode(uint64_t id, std::string_view text) {
    auto o = json::parse(text).as_object();
    auto str = [&](const char* k) { return std::string(o.at(k).as_string()); };
    AsyncEvent e;
    e.id = id;
    e.function = str("function");
    e.version = str("version");
    e.region = str("region");
    e.payload = str("payload");
    e.client_context = str("client_context");
    e.accepted_ms = o.at("accepted_ms").to_number<int64_t>();
    e.due_ms = o.at("due_ms").to_number<int64_t>();
    e.attempts = o.at("attempts").to_number<int64_t>();
    e.throttles = o.at("throttles").to_number<int64_t>();
    return e;
}

int64_t now_ms() {
    return epoch_millis(system_clock().now());
}

}  // namespace

AsyncQueue::AsyncQueue(storage::Db& db, AsyncQueueOptions options)
    : db_(db), options_(std::move(options)) {}

AsyncQueue::~AsyncQueue() {
    stop();
}

void AsyncQueue::start(Run run) {
    std::lock_guard lock(mu_);
    run_ = std::move(run);
    auto it = db_.iterate(Cf::Functions, std::string(kPrefix), std::string(kEnd));
    for (it.seek(kPrefix); it.valid(); it.next()) {
        uint64_t id = std::stoull(std::string(it.key().substr(kPrefix.size())));
        AsyncEvent e = decode(id, it.value());
        due_.emplace(e.due_ms, std::move(e));
    }
    if (!due_.empty()) spdlog::info("lambda: {} asynchronous invocations resume", due_.size());
    thread_ = std::thread([this] { loop(); });
}

Result<void> AsyncQueue::enqueue(AsyncEvent event) {
    event.accepted_ms = event.due_ms = now_ms();
    FRESHET_CHECK(db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        auto next = txn.get(Cf::Functions, kNext);
        event.id = next ? std::stoull(*next) : 1;
        txn.put(Cf::Functions, kNext, std::to_string(event.id + 1));
        txn.put(Cf::Functions, key(event.id), encode(event));
        return Ok{};
    }));
    std::lock_guard lock(mu_);
    due_.emplace(event.due_ms, std::move(event));
    cv_.notify_one();
    return Ok{};
}

Result<void> AsyncQueue::persist(const AsyncEvent& e) {
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        txn.put(Cf::Functions, key(e.id), encode(e));
        return Ok{};
    });
}

void AsyncQueue::forget(const AsyncEvent& e) {
    auto done = db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        txn.del(Cf::Functions, key(e.id));
        return Ok{};
    });
    if (!done)
        spdlog::warn("lambda: cannot remove asynchronous event {}: {}", e.id, done.error().message);
}

void AsyncQueue::loop() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
        if (due_.empty()) {
            cv_.wait(lock);
            continue;
        }
        int64_t wait = due_.begin()->first - now_ms();
        if (wait > 0) {
            cv_.wait_for(lock, std::chrono::milliseconds(wait));
            continue;
        }
        AsyncEvent e = std::move(due_.begin()->second);
        due_.erase(due_.begin());
        ++running_;
        lock.unlock();
        run_(e, [this, e](Outcome outcome) { finished(e, outcome); });
        lock.lock();
    }
}

void AsyncQueue::finished(AsyncEvent e, Outcome outcome) {
    int64_t now = now_ms();
    bool again = false;
    if (outcome == Outcome::FunctionError) {
        ++e.attempts;
        if (static_cast<size_t>(e.attempts) <= options_.retry_delays.size()) {
            e.due_ms = now + options_.retry_delays[e.attempts - 1].count();
            again = true;
        } else {
            spdlog::info("lambda {}: asynchronous invocation {} failed {} times: discarded",
                         e.function, e.id, e.attempts);
        }
    } else if (outcome == Outcome::Throttled) {
        auto delay = std::min(
            options_.first_throttle_delay * (int64_t{1} << std::min<int64_t>(e.throttles, 20)),
            options_.max_throttle_delay);
        ++e.throttles;
        e.due_ms = now + delay.count();
        again = e.due_ms - e.accepted_ms <= options_.max_age.count();
        if (!again)
            spdlog::warn("lambda {}: asynchronous invocation {} throttled for {} s: discarded",
                         e.function, e.id, options_.max_age.count() / 1000);
    } else if (outcome == Outcome::Gone) {
        spdlog::info("lambda {}: asynchronous invocation {} dropped: the function is gone",
                     e.function, e.id);
    }
    // Past the maximum age, an event is not run again either.
    if (again && e.due_ms - e.accepted_ms > options_.max_age.count()) again = false;
    if (again) {
        auto stored = persist(e);
        if (!stored)
            spdlog::warn("lambda: cannot store asynchronous event {}: {}", e.id,
                         stored.error().message);
    } else {
        forget(e);
    }
    std::lock_guard lock(mu_);
    --running_;
    if (again && !stopping_) {
        due_.emplace(e.due_ms, std::move(e));
        cv_.notify_one();
    }
    cv_.notify_all();
}

void AsyncQueue::stop() {
    {
        std::unique_lock lock(mu_);
        if (stopping_ && !thread_.joinable()) return;
        stopping_ = true;
        cv_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
}

size_t AsyncQueue::size() const {
    std::lock_guard lock(mu_);
    return due_.size() + running_;
}

}  // namespace freshet::functions
