// PeriodicTask: a background thread that runs a function every `interval` until stopped, for
// housekeeping such as retention trimming. An exception from the function is logged and the
// next round runs as usual.
//
// Thread safety: start and stop from one thread (the owner's); stop is idempotent, wakes the
// thread, lets a round in progress finish and joins.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace freshet {

class PeriodicTask {
  public:
    PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> fn);
    ~PeriodicTask();  // stop()
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

    void start();
    void stop();

  private:
    std::string name_;
    std::chrono::milliseconds interval_;
    std::function<void()> fn_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace freshet
