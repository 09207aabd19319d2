#include "stacks/engine/engine.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "stacks/template/graph.h"

namespace freshet::stacks {

namespace json = boost::json;

namespace {

std::string failed_list(const std::vector<std::string>& ids) {
    return fmt::format("[{}]", fmt::join(ids, ", "));
}

// Dependency waves over `ids` of `processed`'s resources (dependencies outside `ids` ignored).
std::vector<std::vector<std::string>> waves_of(const json::object& processed,
                                               const std::vector<std::string>& ids) {
    json::object resources;
    if (const json::value* r = processed.if_contains("Resources"); r && r->is_object())
        resources = r->get_object();
    auto all = resource_dependencies(resources);
    std::set<std::string> keep(ids.begin(), ids.end());
    std::map<std::string, std::set<std::string>> deps;
    for (const auto& id : ids) {
        auto& d = deps[id];
        for (const auto& dep : all[id])
            if (keep.count(dep)) d.insert(dep);
    }
    auto waves = creation_waves(deps);
    if (waves.ok()) return std::move(*waves);
    return {std::vector<std::string>(ids.begin(), ids.end())};  // validated before: no cycles
}

}  // namespace

Engine::Engine(StackStore& store, EngineDeps deps) : store_(store), deps_(std::move(deps)) {}

Engine::~Engine() {
    stop();
}

void Engine::spawn(const std::string& stack_id, std::function<void()> fn) {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    for (auto& t : finished_) t.join();
    finished_.clear();
    running_[stack_id] = std::thread([this, stack_id, fn = std::move(fn)] {
        try {
            fn();
        } catch (const std::exception& e) {
            spdlog::error("stack operation on {} failed: {}", stack_id, e.what());
        }
        std::lock_guard lock(mu_);
        auto it = running_.find(stack_id);
        if (it != running_.end()) {
            finished_.push_back(std::move(it->second));
            running_.erase(it);
        }
        ended_.notify_all();
    });
}

bool Engine::busy(const std::string& stack_id) const {
    std::lock_guard lock(mu_);
    return running_.count(stack_id) > 0;
}

bool Engine::busy(const StackRecord& stack) const {
    std::unique_lock lock(mu_);
    if (!running_.count(stack.id)) return false;
    if (stack.status.find("_IN_PROGRESS") != std::string::npos) return true;
    // The final status is written (and its event) just before the thread returns.
    return !ended_.wait_for(lock, std::chrono::seconds(5),
                            [&] { return running_.count(stack.id) == 0; });
}

void Engine::stop() {
    std::map<std::string, std::thread> running;
    std::vector<std::thread> finished;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        running.swap(running_);
        finished.swap(finished_);
    }
    for (auto& [id, t] : running) t.join();
    for (auto& t : finished) t.join();
    std::lock_guard lock(mu_);
    for (auto& t : finished_) t.join();
    finished_.clear();
}

void Engine::create(StackRecord stack, Prepared prepared, Principal caller) {
    std::string id = stack.id;
    auto op = std::make_shared<Operation>(store_, deps_, std::move(stack), std::move(caller));
    op->use(prepared);
    spawn(id, [this, op, p = std::move(prepared)] { run_create(*op, p); });
}

void Engine::update(StackRecord before, StackRecord next, Prepared prepared, Principal caller) {
    std::string id = next.id;
    auto op = std::make_shared<Operation>(store_, deps_, std::move(next), std::move(caller));
    op->use(prepared);
    spawn(id, [this, op, p = std::move(prepared), before = std::move(before)] {
        run_update(*op, p, before);
    });
}

void Engine::remove(StackRecord stack, Principal caller) {
    std::string id = stack.id;
    auto op = std::make_shared<Operation>(store_, deps_, std::move(stack), std::move(caller));
    spawn(id, [this, op] { run_delete(*op); });
}

void Engine::run_create(Operation& op, const Prepared& p) {
    op.stack_status("CREATE_IN_PROGRESS", "User Initiated");
    auto waves = waves_of(p.processed, active_resources(p));
    auto failed = op.run_waves(waves, [&](const std::string& id) { return op.create(id); });
    if (failed.empty()) {
        auto out = op.outputs();
        if (out.ok()) return op.stack_status("CREATE_COMPLETE");
        failed.push_back("Outputs: " + out.error().message);
    }
    std::string reason =
        fmt::format("The following resource(s) failed to create: {}. ", failed_list(failed));
    if (op.snapshot().disable_rollback) return op.stack_status("CREATE_FAILED", reason);
    op.stack_status("ROLLBACK_IN_PROGRESS", reason + "Rollback requested by user.");
    rollback_create(op);
}

void Engine::rollback_create(Operation& op) {
    auto failed = delete_all(op, true);
    if (failed.empty()) return op.stack_status("ROLLBACK_COMPLETE");
    op.stack_status("ROLLBACK_FAILED", fmt::format("The following resource(s) failed to delete: "
                                                   "{}. ",
                                                   failed_list(failed)));
}

std::vector<std::string> Engine::delete_all(Operation& op, bool honour_retain) {
    StackRecord s = op.snapshot();
    std::vector<std::string> ids;
    for (const auto& [id, r] : s.resources)
        if (r.created || !r.claimed.empty()) ids.push_back(id);
    auto waves = waves_of(s.processed, ids);
    std::reverse(waves.begin(), waves.end());
    return op.run_waves(waves, [&](const std::string& id) {
        std::string policy = honour_retain ? op.deletion_policy(id) : "Delete";
        return op.remove(s.resources.at(id), policy);
    });
}

void Engine::run_delete(Operation& op) {
    bool review = op.snapshot().status == "REVIEW_IN_PROGRESS";
    op.stack_status("DELETE_IN_PROGRESS", "User Initiated");
    if (review) {
        op.stack_status("DELETE_COMPLETE");
    } else {
        auto failed = delete_all(op, true);
        if (!failed.empty()) {
            return op.stack_status("DELETE_FAILED",
                                   fmt::format("The following resource(s) failed to delete: {}. ",
                                               failed_list(failed)));
        }
        op.stack_status("DELETE_COMPLETE");
    }
    StackRecord s = op.snapshot();
    s.deleted_ms = epoch_millis(deps_.clock->now());
    auto r = store_.put_deleted(s);
    (void)r;
    auto c = store_.remove_change_sets_of(s.id);
    (void)c;
}

void Engine::run_update(Operation& op, const Prepared& p, const StackRecord& before) {
    op.stack_status("UPDATE_IN_PROGRESS", "User Initiated");
    auto waves = waves_of(p.processed, active_resources(p));
    auto failed = op.run_waves(waves, [&](const std::string& id) { return op.update(id); });
    if (failed.empty()) {
        auto out = op.outputs();
        if (!out.ok()) failed.push_back("Outputs: " + out.error().message);
    }
    if (!failed.empty()) {
        op.stack_status(
            "UPDATE_ROLLBACK_IN_PROGRESS",
            fmt::format("The following resource(s) failed to update: {}. ", failed_list(failed)));
        return rollback_update(op, before);
    }
    op.stack_status("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
    auto changes = op.changes();
    for (const auto& [id, old] : changes.replaced) op.remove_replaced(old);
    // Resources the new template no longer has (or whose condition no longer holds).
    auto active = active_resources(p);
    std::set<std::string> keep(active.begin(), active.end());
    StackRecord s = op.snapshot();
    std::vector<std::string> gone;
    for (const auto& [id, r] : s.resources)
        if (r.created && !keep.count(id)) gone.push_back(id);
    auto gone_waves = waves_of(before.processed, gone);
    std::reverse(gone_waves.begin(), gone_waves.end());
    op.run_waves(gone_waves, [&](const std::string& id) {
        return op.remove(s.resources.at(id), op.deletion_policy(id));
    });
    op.mutate([&](StackRecord& st) {
        for (const auto& id : gone) st.resources.erase(id);
    });
    op.stack_status("UPDATE_COMPLETE");
}

void Engine::rollback_update(Operation& op, const StackRecord& before) {
    // Undo in-place updates with the old properties, delete what the update created.
    auto changes = op.changes();
    for (const auto& [id, prior] : changes.updated) op.revert(prior);
    op.stack_status("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS");
    StackRecord now = op.snapshot();
    for (const auto& [id, prior] : changes.replaced) {
        op.remove_replaced(now.resources.at(id));
        op.restore(prior);
    }
    for (const auto& id : changes.added) {
        if (changes.replaced.count(id)) continue;
        auto it = now.resources.find(id);
        if (it != now.resources.end() && (it->second.created || !it->second.claimed.empty()))
            op.remove(it->second, "Delete");
        op.mutate([&](StackRecord& st) { st.resources.erase(id); });
    }
    op.mutate([&](StackRecord& st) {
        st.processed = before.processed;
        st.template_body = before.template_body;
        st.parameters = before.parameters;
        st.no_echo = before.no_echo;
        st.outputs = before.outputs;
        for (auto& [id, r] : st.resources) {
            if (r.status == "UPDATE_FAILED" || r.status == "CREATE_FAILED") {
                auto b = before.resources.find(id);
                if (b != before.resources.end()) r = b->second;
            }
        }
    });
    op.stack_status("UPDATE_ROLLBACK_COMPLETE");
}

void Engine::resume(const Principal& account) {
    for (auto& s : store_.list()) {
        const std::string& st = s.status;
        bool deleting = st == "DELETE_IN_PROGRESS";
        bool rolling = st == "CREATE_IN_PROGRESS" || st == "ROLLBACK_IN_PROGRESS";
        bool updating = st.rfind("UPDATE_", 0) == 0 && st.find("IN_PROGRESS") != std::string::npos;
        if (!deleting && !rolling && !updating) continue;
        auto op = std::make_shared<Operation>(store_, deps_, s, account);
        std::string id = s.id;
        if (deleting) {
            spawn(id, [this, op] { run_delete(*op); });
        } else if (rolling) {
            spawn(id, [this, op] {
                op->mutate([](StackRecord& st) {
                    for (auto& [rid, r] : st.resources) {
                        if (r.created || r.status.find("IN_PROGRESS") == std::string::npos)
                            continue;
                        r.status = "CREATE_FAILED";
                        r.reason = "Resource creation cancelled";
                    }
                });
                op->stack_status("ROLLBACK_IN_PROGRESS",
                                 "The server restarted during the operation. Rollback requested.");
                rollback_create(*op);
            });
        } else {
            op->stack_status("UPDATE_ROLLBACK_FAILED",
                             "The server restarted during the update; the stack's resources may "
                             "differ from its template. Delete the stack or update it again.");
        }
    }
}

}  // namespace freshet::stacks
