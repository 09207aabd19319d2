#include "functions/runtime/pool.h"

#include <algorithm>

namespace freshet::functions::runtime {
namespace {

// Role credentials last an hour; an environment is not reused past 50 minutes.
constexpr std::chrono::minutes kMaxLifetime{50};

}  // namespace

Pool::Pool(RuntimeLayout layout, size_t max_per_function, size_t max_waiting,
           std::chrono::milliseconds idle_timeout)
    : layout_(std::move(layout)),
      max_per_function_(max_per_function),
      max_waiting_(max_waiting),
      idle_timeout_(idle_timeout) {
    reap_idle();
}

void Pool::reap_idle() {
    auto now = std::chrono::steady_clock::now();
    std::vector<Warm> ended;
    {
        std::lock_guard lock(mu_);
        if (stopped_) return;
        for (auto& [name, e] : entries_) {
            std::erase_if(e.idle, [&](Warm& w) {
                bool end = now - w.last_used >= idle_timeout_ || now - w.born >= kMaxLifetime;
                if (end) ended.push_back(w);
                return end;
            });
        }
        std::erase_if(entries_, [](const auto& kv) {
            const Entry& e = kv.second;
            return e.idle.empty() && e.busy == 0 && e.waiting.empty();
        });
    }
    for (auto& w : ended) w.instance->stop();
    // Checked a few times per timeout, at most every 30 s.
    auto every = std::min<std::chrono::milliseconds>(idle_timeout_ / 4, std::chrono::seconds(30));
    watchdog_.schedule(now + std::max(every, std::chrono::milliseconds(10)),
                       [this] { reap_idle(); });
}

Pool::~Pool() {
    stop();
}

void Pool::invoke(const std::string& function, const std::string& revision, Configure configure,
                  std::string payload, std::string client_context, Instance::Done done,
                  Failed failed) {
    Waiting w{revision,        std::move(configure), std::move(payload), std::move(client_context),
              std::move(done), std::move(failed)};
    Warm warm;
    {
        std::lock_guard lock(mu_);
        if (stopped_)
            return w.failed(ApiError{"ServiceException", "The server is stopping.", 500, false});
        Entry& e = entries_[function];
        auto now = std::chrono::steady_clock::now();
        while (!e.idle.empty() && !warm.instance) {
            Warm candidate = std::move(e.idle.back());
            e.idle.pop_back();
            if (candidate.revision == revision && candidate.instance->idle() &&
                now - candidate.born < kMaxLifetime) {
                warm = std::move(candidate);
            } else {
                candidate.instance->stop();
            }
        }
        if (!warm.instance && e.busy >= max_per_function_) {
            if (e.waiting.size() >= max_waiting_) {
                // Lambda's answer when a function is past its concurrency.
                return w.failed(
                    ApiError{"TooManyRequestsException", "Rate Exceeded.", 429, true, true});
            }
            e.waiting.push_back(std::move(w));
            return;
        }
        ++e.busy;
    }
    run(function, std::move(warm), std::move(w));
}

void Pool::run(const std::string& function, Warm warm, Waiting w) {
    if (!warm.instance) {
        auto config = w.configure();
        auto started = config.ok() ? Instance::start(config.value(), layout_, watchdog_)
                                   : Result<std::shared_ptr<Instance>>(config.error());
        if (!started.ok()) {
            release(function, Warm{}, false);
            return w.failed(started.error());
        }
        auto now = std::chrono::steady_clock::now();
        warm = Warm{started.value(), w.revision, now, now};
        std::lock_guard lock(mu_);
        std::erase_if(started_, [](const auto& weak) { return weak.expired(); });
        started_.push_back(warm.instance);
    }
    auto instance = warm.instance;
    instance->invoke(std::move(w.payload), std::move(w.client_context),
                     [this, function, warm, done = std::move(w.done)](InvocationResult r) mutable {
                         // Back in the pool before the caller hears the answer: an
                         // invocation sent right after it must find this environment warm.
                         bool reusable = !r.instance_lost;
                         release(function, std::move(warm), reusable);
                         done(std::move(r));
                     });
}

void Pool::release(const std::string& function, Warm warm, bool reusable) {
    Waiting next;
    bool have_next = false;
    {
        std::lock_guard lock(mu_);
        if (stopped_) {
            if (warm.instance) warm.instance->stop();
            return;
        }
        Entry& e = entries_[function];
        --e.busy;
        if (warm.instance && reusable && !stopped_) {
            warm.last_used = std::chrono::steady_clock::now();
            e.idle.push_back(warm);
        } else if (warm.instance)
            warm.instance->stop();
        if (!e.waiting.empty() && !stopped_) {
            next = std::move(e.waiting.front());
            e.waiting.pop_front();
            have_next = true;
        }
    }
    if (have_next) {
        invoke(function, next.revision, std::move(next.configure), std::move(next.payload),
               std::move(next.client_context), std::move(next.done), std::move(next.failed));
    }
}

void Pool::retire(const std::string& function) {
    std::vector<Warm> idle;
    {
        std::lock_guard lock(mu_);
        auto it = entries_.find(function);
        if (it == entries_.end()) return;
        idle.swap(it->second.idle);
    }
    for (auto& w : idle) w.instance->stop();
}

void Pool::stop() {
    std::map<std::string, Entry> entries;
    std::vector<std::weak_ptr<Instance>> started;
    {
        std::lock_guard lock(mu_);
        if (stopped_) return;
        stopped_ = true;
        entries.swap(entries_);
        started.swap(started_);
    }
    // Busy ones too: their invocations end now. Each exit is waited for, so that nothing
    // runs an instance's callbacks (or touches the watchdog) once stop() has returned.
    std::vector<std::shared_ptr<Instance>> instances;
    for (auto& weak : started) {
        if (auto i = weak.lock()) instances.push_back(std::move(i));
    }
    for (auto& [name, e] : entries) {
        for (auto& w : e.idle) instances.push_back(w.instance);
        for (auto& w : e.waiting)
            w.failed(ApiError{"ServiceException", "The server is stopping.", 500, false});
    }
    for (auto& i : instances) i->stop();
    for (auto& i : instances) i->stop_and_wait();
    watchdog_.stop();
}

}  // namespace freshet::functions::runtime
