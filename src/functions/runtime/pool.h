// Execution environments per function: warm ones are reused, new ones started on demand up to
// a per-function limit, and invocations beyond it wait (bounded) for one to free up.
// Environments of an older configuration (a "revision") are retired, and so are ones that have
// lived longer than the role credentials they carry, and ones left idle for `idle_timeout`
// (their processes end; the next invocation starts cold, as on Lambda).
//
// Thread-safety: every method from any thread. stop() ends every environment.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "functions/runtime/instance.h"

namespace freshet::functions::runtime {

class Pool {
  public:
    // Makes the configuration of a new environment (credentials are minted per environment).
    using Configure = std::function<Result<FunctionConfig>()>;
    using Failed = std::function<void(ApiError)>;

    Pool(RuntimeLayout layout, size_t max_per_function = 8, size_t max_waiting = 1000,
         std::chrono::milliseconds idle_timeout = std::chrono::minutes(10));
    ~Pool();

    // Runs one invocation of `function` at configuration `revision`.
    void invoke(const std::string& function, const std::string& revision, Configure configure,
                std::string payload, std::string client_context, Instance::Done done,
                Failed failed);
    // Ends the function's idle environments (on update or delete); busy ones end when done.
    void retire(const std::string& function);
    void stop();

  private:
    struct Waiting {
        std::string revision;
        Configure configure;
        std::string payload, client_context;
        Instance::Done done;
        Failed failed;
    };
    struct Warm {
        std::shared_ptr<Instance> instance;
        std::string revision;
        std::chrono::steady_clock::time_point born;
        std::chrono::steady_clock::time_point last_used;
    };
    struct Entry {
        std::vector<Warm> idle;
        size_t busy = 0;
        std::deque<Waiting> waiting;
    };
    void run(const std::string& function, Warm warm, Waiting w);
    void release(const std::string& function, Warm warm, bool reusable);
    // Ends the environments idle for longer than idle_timeout_ or past their lifetime, then
    // schedules itself again.
    void reap_idle();

    RuntimeLayout layout_;
    const size_t max_per_function_;
    const size_t max_waiting_;
    const std::chrono::milliseconds idle_timeout_;
    Watchdog watchdog_;
    std::mutex mu_;
    std::map<std::string, Entry> entries_;          // guarded by mu_
    std::vector<std::weak_ptr<Instance>> started_;  // guarded by mu_: to end them all on stop
    bool stopped_ = false;                          // guarded by mu_
};

}  // namespace freshet::functions::runtime
