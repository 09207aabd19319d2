#include "mappings/engine/runner.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <set>

#include "mappings/engine/shard_worker.h"
#include "mappings/engine/source.h"

namespace freshet::mappings {

namespace json = boost::json;
using namespace std::chrono_literals;

MappingSpec spec_of(const store::MappingRecord& m) {
    const auto& c = m.config;
    MappingSpec s;
    s.uuid = c.UUID.value_or("");
    s.function = m.function_name;
    s.stream_arn = c.EventSourceArn.value_or("");
    s.kind = source_kind(s.stream_arn).value_or(SourceKind::Kinesis);
    s.batch_size = c.BatchSize.value_or(100);
    s.batching_window_s = c.MaximumBatchingWindowInSeconds.value_or(0);
    s.parallelization = c.ParallelizationFactor.value_or(1);
    s.starting_position = c.StartingPosition.value_or("TRIM_HORIZON");
    s.start_ms = m.start_ms;
    s.retry.maximum_retry_attempts = c.MaximumRetryAttempts.value_or(-1);
    s.retry.maximum_record_age_s = c.MaximumRecordAgeInSeconds.value_or(-1);
    s.retry.bisect = c.BisectBatchOnFunctionError.value_or(false);
    s.tumbling_window_s = c.TumblingWindowInSeconds.value_or(0);
    if (c.FunctionResponseTypes) {
        for (const auto& t : *c.FunctionResponseTypes)
            if (t == "ReportBatchItemFailures") s.report_item_failures = true;
    }
    if (c.DestinationConfig && c.DestinationConfig->OnFailure)
        s.on_failure = c.DestinationConfig->OnFailure->Destination.value_or("");
    if (c.FilterCriteria && c.FilterCriteria->Filters) {
        for (const auto& f : *c.FilterCriteria->Filters) {
            // Patterns were validated when the mapping was created or updated.
            if (auto parsed = Filter::parse(f.Pattern.value_or("{}")); parsed.ok())
                s.filters.push_back(std::move(parsed).value());
        }
    }
    s.version = c.LastModified ? std::to_string(c.LastModified->time_since_epoch().count()) : "";
    return s;
}

Runner::Runner(MappingSpec spec, const EngineDeps& deps, store::MappingStore& store)
    : spec_(std::move(spec)), deps_(deps), store_(store) {}

Runner::~Runner() {
    stop();
}

void Runner::start() {
    thread_ = std::thread([this] { run(); });
}

void Runner::stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_ && !thread_.joinable()) return;
        stopping_ = true;
        for (auto& [id, w] : workers_) w->request_stop();
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::map<std::string, std::unique_ptr<ShardWorker>> workers;
    {
        std::lock_guard lock(mu_);
        workers.swap(workers_);
    }
    workers.clear();  // joins each
}

void Runner::records_arrived(const std::string& shard_id) {
    std::lock_guard lock(mu_);
    auto it = workers_.find(shard_id);
    if (it != workers_.end()) {
        it->second->wake();
        return;
    }
    // A shard we do not follow yet (a new child): look again now, and let the parents see
    // whether they are closed.
    woken_ = true;
    for (auto& [id, w] : workers_) w->wake();
    cv_.notify_all();
}

std::string Runner::last_result() const {
    std::lock_guard lock(mu_);
    return last_result_;
}

std::optional<Principal> Runner::role() const {
    std::lock_guard lock(mu_);
    return role_;
}

FunctionInfo Runner::function() const {
    std::lock_guard lock(mu_);
    return function_;
}

void Runner::set_result(std::string result) {
    std::lock_guard lock(mu_);
    last_result_ = std::move(result);
}

void Runner::shard_finished() {
    {
        std::lock_guard lock(mu_);
        woken_ = true;
    }
    cv_.notify_all();
}

bool Runner::wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [this] { return stopping_ || woken_; });
    woken_ = false;
    return !stopping_;
}

// The function's ARN and role, and the role's credentials, renewed well before they expire.
bool Runner::refresh_identity() {
    {
        std::lock_guard lock(mu_);
        if (role_ && role_->expires - deps_.clock->now() > std::chrono::minutes(10)) return true;
    }
    auto fn = function_info(deps_, spec_.function);
    if (!fn.ok()) {
        set_result("PROBLEM: Function not found: " + spec_.function);
        return false;
    }
    auto role = deps_.assume_role(fn.value().role, spec_.uuid);
    if (!role.ok()) {
        set_result("PROBLEM: Lambda cannot assume the function's role: " + role.error().message);
        return false;
    }
    std::lock_guard lock(mu_);
    function_ = std::move(fn).value();
    role_ = std::move(role).value();
    return true;
}

void Runner::discover() {
    auto role = this->role();
    if (!role) return;
    auto listed_shards = list_shards(deps_, spec_.kind, spec_.stream_arn, *role);
    if (!listed_shards.ok()) {
        set_result("PROBLEM: Cannot access stream " + spec_.stream_arn + ": " +
                   listed_shards.error().message);
        return;
    }
    const std::vector<ShardInfo>& shards = listed_shards.value();

    auto checkpoints = store_.checkpoints(spec_.uuid);
    std::set<std::string> listed;
    for (const auto& s : shards) listed.insert(s.id);
    std::lock_guard lock(mu_);
    if (stopping_) return;
    for (const auto& s : shards) {
        if (workers_.count(s.id)) continue;
        auto saved = checkpoints.find(s.id);
        if (saved != checkpoints.end() && saved->second.closed) continue;
        bool parents_done = true;
        for (const auto& p : s.parents) {
            if (!listed.count(p)) continue;  // trimmed away: nothing left to read there
            auto pc = checkpoints.find(p);
            if (pc == checkpoints.end() || !pc->second.closed) parents_done = false;
        }
        if (!parents_done) continue;
        auto worker = std::make_unique<ShardWorker>(
            *this, s.id, saved == checkpoints.end() ? store::Checkpoint{} : saved->second,
            !s.parents.empty());
        worker->start();
        workers_.emplace(s.id, std::move(worker));
    }
}

void Runner::run() {
    while (true) {
        {
            std::lock_guard lock(mu_);
            if (stopping_) return;
        }
        if (refresh_identity()) discover();
        if (!wait(1000ms)) return;
    }
}

}  // namespace freshet::mappings
