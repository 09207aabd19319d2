// Stacks, their events, change sets and exports, durable in the Stacks column family:
//   "s/<stack id>"            the stack (JSON: StackRecord)
//   "n/<name>"                the id of the live stack with that name (deleted stacks have none)
//   "e/<stack id>/<seq:016>"  one stack event (JSON), in order
//   "c/<change set id>"       a change set (JSON: ChangeSetRecord)
//   "x/<export name>"         an export: {"stack": id, "value": text}
// Keys are persisted: append only, never rename.
//
// Thread-safety: every method from any thread; writes block until durable (never call them on
// the commit thread). One stack is written by one operation at a time (the engine's rule).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "stacks/resources/provider.h"

namespace freshet::storage {
class Db;
}

namespace freshet::stacks {

struct ResourceRecord {
    std::string logical_id;
    std::string type;
    std::string status;  // CREATE_COMPLETE, ...
    std::string reason;
    int64_t updated_ms = 0;
    boost::json::object properties;  // resolved, as last applied
    ResourceState state;             // physical id, Ref, GetAtt values
    bool created = false;            // a physical resource exists
    // While not `created`: the physical id an unfinished create claimed (claim_physical_id) or
    // reserved (reserve_physical_id), which a rollback or a delete removes all the same, and
    // whether the service had made it (a create that fails in a reserved name's service call
    // made nothing: Operation::create forgets the name).
    std::string claimed;
    bool claimed_made = false;
};

struct StackRecord {
    std::string id;
    std::string name;
    std::string status;
    std::string reason;
    std::string description;
    std::string template_body;      // as submitted (GetTemplate Original)
    boost::json::object processed;  // after the transform (GetTemplate Processed)
    std::map<std::string, std::string> parameters;
    std::set<std::string> no_echo;
    std::vector<std::string> capabilities;
    std::vector<std::pair<std::string, std::string>> tags;
    std::map<std::string, ResourceRecord> resources;
    boost::json::array outputs;     // [{OutputKey, OutputValue, Description?, ExportName?}]
    std::set<std::string> imports;  // export names this stack's template imports
    int64_t created_ms = 0;
    int64_t updated_ms = 0;
    int64_t deleted_ms = 0;
    bool disable_rollback = false;
    std::string change_set_id;
    int64_t next_event = 0;
};

struct ChangeSetRecord {
    std::string id;
    std::string name;
    std::string stack_id;
    std::string stack_name;
    std::string type;  // CREATE | UPDATE
    std::string status = "CREATE_COMPLETE";
    std::string execution_status = "AVAILABLE";
    std::string reason;
    std::string description;
    int64_t created_ms = 0;
    std::string template_body;
    boost::json::object processed;
    std::map<std::string, std::string> parameters;
    std::set<std::string> no_echo;
    std::vector<std::string> capabilities;
    std::vector<std::pair<std::string, std::string>> tags;
    boost::json::array changes;  // in DescribeChangeSet's Changes form
};

struct StackEventRecord {
    std::string event_id;
    std::string logical_id;
    std::string physical_id;
    std::string type;
    std::string status;
    std::string reason;
    std::string properties;  // JSON text, for resource events
    int64_t timestamp_ms = 0;
};

class StackStore {
  public:
    explicit StackStore(storage::Db& db) : db_(db) {}

    std::optional<StackRecord> get(const std::string& stack_id) const;
    // The live stack called `name`, or the stack with id `name_or_id` (live or deleted).
    std::optional<StackRecord> find(const std::string& name_or_id) const;
    std::vector<StackRecord> list() const;
    // Stores the stack; `claim_name` also makes it the live stack of its name (create) and
    // fails with AlreadyExistsException if another live stack has it.
    Result<void> put(const StackRecord& s, bool claim_name = false);
    // Stores the deleted stack and frees its name and exports.
    Result<void> put_deleted(const StackRecord& s);
    // Appends an event after the stack's last stored one (even when `s.next_event` is behind
    // them, as in a record saved before its operation's last events) and advances
    // `s.next_event`.
    Result<void> add_event(StackRecord& s, StackEventRecord e);
    // Newest first, as DescribeStackEvents lists them.
    std::vector<StackEventRecord> events(const std::string& stack_id) const;

    std::optional<ChangeSetRecord> change_set(const std::string& id) const;
    std::vector<ChangeSetRecord> change_sets(const std::string& stack_id) const;
    Result<void> put_change_set(const ChangeSetRecord& c);
    Result<void> remove_change_set(const std::string& id);
    Result<void> remove_change_sets_of(const std::string& stack_id);

    // Exports: name -> (stack id, value).
    std::map<std::string, std::pair<std::string, std::string>> exports() const;
    // Replaces the stack's exports with `exports`; fails if a name is exported by another
    // stack ("Export with name X is already exported by stack Y").
    Result<void> set_exports(const StackRecord& s,
                             const std::map<std::string, std::string>& exports);

  private:
    storage::Db& db_;
    mutable std::mutex write_mu_;
};

}  // namespace freshet::stacks
