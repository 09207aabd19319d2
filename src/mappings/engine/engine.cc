#include "mappings/engine/engine.h"

#include <spdlog/spdlog.h>

namespace freshet::mappings {

Engine::Engine(store::MappingStore& store, EngineDeps deps)
    : store_(store), deps_(std::move(deps)) {}

Engine::~Engine() {
    stop();
}

void Engine::start() {
    std::lock_guard lock(queue_mu_);
    if (started_) return;
    started_ = true;
    for (const auto& m : store_.list()) queue_.push_back(*m.config.UUID);
    thread_ = std::thread([this] { control(); });
}

bool Engine::started() const {
    std::lock_guard lock(const_cast<std::mutex&>(queue_mu_));
    return started_ && !stopping_;
}

void Engine::stop() {
    {
        std::lock_guard lock(queue_mu_);
        if (stopping_) return;
        stopping_ = true;
    }
    queue_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::map<std::string, std::shared_ptr<Runner>> runners;
    {
        std::unique_lock lock(runners_mu_);
        runners.swap(runners_);
    }
    for (auto& [id, r] : runners) r->stop();
}

void Engine::submit(const std::string& uuid) {
    {
        std::lock_guard lock(queue_mu_);
        queue_.push_back(uuid);
    }
    queue_cv_.notify_one();
}

void Engine::records_arrived(const std::string& stream_arn, const std::string& shard_id) {
    std::shared_lock lock(runners_mu_);
    for (const auto& [id, r] : runners_)
        if (r->spec().stream_arn == stream_arn) r->records_arrived(shard_id);
}

std::optional<MappingStats> Engine::stats(const std::string& uuid) const {
    std::shared_lock lock(runners_mu_);
    auto it = runners_.find(uuid);
    if (it == runners_.end()) return std::nullopt;
    Runner& r = *it->second;
    MappingStats s;
    s.last_result = r.last_result();
    s.batches = r.counters().batches;
    s.records = r.counters().records;
    s.retries = r.counters().retries;
    s.failed = r.counters().failed;
    s.filtered = r.counters().filtered;
    s.iterator_age_ms = r.counters().iterator_age_ms;
    return s;
}

void Engine::control() {
    for (;;) {
        std::string uuid;
        {
            std::unique_lock lock(queue_mu_);
            queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            uuid = std::move(queue_.front());
            queue_.pop_front();
        }
        apply(uuid);
    }
}

void Engine::apply(const std::string& uuid) {
    auto record = store_.get(uuid);
    std::shared_ptr<Runner> running;
    {
        std::shared_lock lock(runners_mu_);
        if (auto it = runners_.find(uuid); it != runners_.end()) running = it->second;
    }
    auto stop_running = [&] {
        if (!running) return;
        {
            std::unique_lock lock(runners_mu_);
            runners_.erase(uuid);
        }
        running->stop();
        running.reset();
    };
    if (!record) return stop_running();
    const std::string state = record->config.State.value_or("");
    if (state == "Deleting") {
        stop_running();
        if (auto r = store_.remove(uuid); !r.ok())
            spdlog::error("mappings: {} not removed: {}", uuid, r.error().message);
        return;
    }
    MappingSpec spec = spec_of(*record);
    std::string next_state = record->enabled ? "Enabled" : "Disabled";
    if (record->enabled) {
        if (!running || running->spec().version != spec.version) {
            stop_running();
            auto runner = std::make_shared<Runner>(std::move(spec), deps_, store_);
            runner->start();
            std::unique_lock lock(runners_mu_);
            runners_[uuid] = std::move(runner);
        }
    } else {
        stop_running();
    }
    if (state == next_state) return;
    // Only if nobody changed the mapping meanwhile (then another apply is queued).
    auto saved = store_.update(uuid, [&](store::MappingRecord& m) {
        if (m.config.LastModified != record->config.LastModified) return false;
        m.config.State = next_state;
        return true;
    });
    if (!saved.ok())
        spdlog::error("mappings: state of {} not saved: {}", uuid, saved.error().message);
}

}  // namespace freshet::mappings
