// Deadlines for invocations: one thread that runs a callback when its time comes, unless it
// was cancelled first. Thread-safe; stop() runs nothing further and joins the thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace freshet::functions::runtime {

class Watchdog {
  public:
    using Clock = std::chrono::steady_clock;
    Watchdog();
    ~Watchdog();  // stop()
    uint64_t schedule(Clock::time_point when, std::function<void()> fn);
    void cancel(uint64_t id);
    void stop();

  private:
    void run();
    std::mutex mu_;
    std::condition_variable cv_;
    std::multimap<Clock::time_point, std::pair<uint64_t, std::function<void()>>> due_;
    uint64_t next_id_ = 1;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace freshet::functions::runtime
