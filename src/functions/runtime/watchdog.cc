#include "functions/runtime/watchdog.h"

namespace freshet::functions::runtime {

Watchdog::Watchdog() : thread_([this] { run(); }) {}

Watchdog::~Watchdog() {
    stop();
}

uint64_t Watchdog::schedule(Clock::time_point when, std::function<void()> fn) {
    std::lock_guard lock(mu_);
    uint64_t id = next_id_++;
    due_.emplace(when, std::make_pair(id, std::move(fn)));
    cv_.notify_one();
    return id;
}

void Watchdog::cancel(uint64_t id) {
    std::lock_guard lock(mu_);
    for (auto it = due_.begin(); it != due_.end(); ++it) {
        if (it->second.first == id) {
            due_.erase(it);
            return;
        }
    }
}

void Watchdog::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        due_.clear();
        cv_.notify_one();
    }
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void Watchdog::run() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
        if (due_.empty()) {
            cv_.wait(lock);
            continue;
        }
        auto when = due_.begin()->first;
        if (Clock::now() < when) {
            cv_.wait_until(lock, when);
            continue;
        }
        auto fn = std::move(due_.begin()->second.second);
        due_.erase(due_.begin());
        lock.unlock();
        fn();  // outside the lock: it may schedule or cancel
        lock.lock();
    }
}

}  // namespace freshet::functions::runtime
