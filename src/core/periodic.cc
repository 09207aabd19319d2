#include "core/periodic.h"

#include <spdlog/spdlog.h>

#include <exception>

namespace freshet {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval,
                           std::function<void()> fn)
    : name_(std::move(name)), interval_(interval), fn_(std::move(fn)) {}

PeriodicTask::~PeriodicTask() {
    stop();
}

void PeriodicTask::start() {
    std::lock_guard lock(mu_);
    if (thread_.joinable() || stopping_) return;
    thread_ = std::thread([this] {
        std::unique_lock lock(mu_);
        while (!stopping_) {
            cv_.wait_for(lock, interval_, [this] { return stopping_; });
            if (stopping_) break;
            lock.unlock();
            try {
                fn_();
            } catch (const std::exception& e) {
                spdlog::error("{}: {}", name_, e.what());
            }
            lock.lock();
        }
    });
}

void PeriodicTask::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace freshet
