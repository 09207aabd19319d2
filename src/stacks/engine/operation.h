// One run of the engine over one stack (create, update, delete, rollback): the stack record
// under a lock, events, the values intrinsic functions see, and the provider calls for one
// resource. Resources of one wave run on their own threads and share the Operation.
//
// Thread-safety: every method from any thread; provider calls run outside the lock.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "stacks/engine/prepare.h"
#include "stacks/resources/provider.h"
#include "stacks/store/stack_store.h"
#include "stacks/template/intrinsics.h"

namespace freshet::stacks {

struct EngineDeps {
    ServiceClient* client = nullptr;
    ResponseWaiter* responses = nullptr;
    std::string region = "us-east-1";
    std::string account_id;
    const Clock* clock = &system_clock();
};

class Operation final : public ResourceValues {
  public:
    Operation(StackStore& store, const EngineDeps& deps, StackRecord stack, Principal caller);

    // ResourceValues, over the resources created so far and the store's exports.
    Result<boost::json::value> ref(const std::string& logical_id) const override;
    Result<boost::json::value> get_att(const std::string& logical_id,
                                       const std::string& attribute) const override;
    Result<boost::json::value> import_value(const std::string& export_name) const override;

    // Sets the stack's status and records the stack event.
    void stack_status(const std::string& status, const std::string& reason = "");
    void resource_event(const std::string& logical_id, const std::string& type,
                        const std::string& physical_id, const std::string& status,
                        const std::string& reason, const boost::json::object* properties);

    // Resolves a resource's Properties (with the given template and parameters).
    Result<boost::json::object> properties(const std::string& logical_id);
    // Evaluates the template's Outputs and stores them with their exports.
    Result<void> outputs();

    // Creates one resource (events, record). False on failure (reason recorded).
    bool create(const std::string& logical_id);
    // Updates one resource to its new definition: nothing when its properties did not change,
    // in place, or by replacement (the old one is kept in replaced() for cleanup).
    bool update(const std::string& logical_id);
    // Deletes one resource (DeletionPolicy Retain: skipped). False on failure.
    bool remove(const ResourceRecord& r, const std::string& deletion_policy);
    std::string deletion_policy(const std::string& logical_id) const;

    // Runs `fn` for each id of each wave, the ids of a wave in parallel; stops after the first
    // wave with a failure. The ids that failed.
    std::vector<std::string> run_waves(const std::vector<std::vector<std::string>>& waves,
                                       const std::function<bool(const std::string&)>& fn);

    // The template and parameters the resources are evaluated with.
    void use(const Prepared& p);
    StackRecord snapshot() const;
    void save();
    void mutate(const std::function<void(StackRecord&)>& fn);
    // What an update changed, for its rollback and cleanup: the records before the change.
    struct Changes {
        std::map<std::string, ResourceRecord> replaced;  // replaced: the old resource
        std::map<std::string, ResourceRecord> updated;   // updated in place: before
        std::set<std::string> added;                     // created by the update
    };
    Changes changes() const;
    // Deletes a resource replaced during an update (not the stack's current one).
    bool remove_replaced(const ResourceRecord& old);
    // Puts back a resource's record as it was before the update (after undoing it).
    void restore(const ResourceRecord& r);
    // Updates a resource back to its properties before the update (rollback).
    bool revert(const ResourceRecord& prior);
    const EngineDeps& deps() const { return deps_; }
    Pseudo pseudo() const;

  private:
    ResourceContext context(const std::string& logical_id, const std::string& type) const;
    boost::json::object definition(const std::string& logical_id) const;
    int64_t now_ms() const;

    StackStore& store_;
    EngineDeps deps_;
    Principal caller_;
    mutable std::recursive_mutex mu_;
    StackRecord stack_;
    Prepared prepared_;
    Changes changes_;
    mutable std::set<std::string> imports_;  // exports the template imported (under mu_)
};

}  // namespace freshet::stacks
