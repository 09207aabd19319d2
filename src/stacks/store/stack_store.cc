#include "stacks/store/stack_store.h"

#include <fmt/format.h>

#include <algorithm>

#include <boost/json.hpp>

#include "storage/db.h"
#include "storage/iterator.h"
#include "storage/txn.h"

namespace freshet::stacks {

namespace json = boost::json;
using storage::Cf;

namespace {

std::string str(const json::object& o, std::string_view k) {
    const json::value* v = o.if_contains(k);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

int64_t num(const json::object& o, std::string_view k) {
    const json::value* v = o.if_contains(k);
    return v && v->is_int64() ? v->get_int64() : 0;
}

json::object obj(const json::object& o, std::string_view k) {
    const json::value* v = o.if_contains(k);
    return v && v->is_object() ? v->get_object() : json::object();
}

json::array arr(const json::object& o, std::string_view k) {
    const json::value* v = o.if_contains(k);
    return v && v->is_array() ? v->get_array() : json::array();
}

json::object string_map(const std::map<std::string, std::string>& m) {
    json::object o;
    for (const auto& [k, v] : m) o[k] = v;
    return o;
}

std::map<std::string, std::string> to_string_map(const json::object& o) {
    std::map<std::string, std::string> m;
    for (const auto& [k, v] : o) m[k] = v.is_string() ? std::string(v.get_string()) : "";
    return m;
}

json::array strings(const auto& c) {
    json::array a;
    for (const auto& s : c) a.emplace_back(s);
    return a;
}

json::array pairs(const std::vector<std::pair<std::string, std::string>>& tags) {
    json::array a;
    for (const auto& [k, v] : tags) a.push_back(json::array{json::string(k), json::string(v)});
    return a;
}

std::vector<std::pair<std::string, std::string>> to_pairs(const json::array& a) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& p : a) {
        const auto& e = p.as_array();
        out.emplace_back(e.at(0).as_string(), e.at(1).as_string());
    }
    return out;
}

template <class C>
C to_strings(const json::array& a) {
    C out;
    for (const auto& s : a) out.insert(out.end(), std::string(s.as_string()));
    return out;
}

json::object resource_json(const ResourceRecord& r) {
    return {{"logical", r.logical_id},
            {"type", r.type},
            {"status", r.status},
            {"reason", r.reason},
            {"updated", r.updated_ms},
            {"properties", r.properties},
            {"physical", r.state.physical_id},
            {"ref", r.state.ref},
            {"attributes", r.state.attributes},
            {"created", r.created},
            {"claimed", r.claimed},
            {"claimed_made", r.claimed_made}};
}

ResourceRecord resource_from(const json::object& o) {
    ResourceRecord r;
    r.logical_id = str(o, "logical");
    r.type = str(o, "type");
    r.status = str(o, "status");
    r.reason = str(o, "reason");
    r.updated_ms = num(o, "updated");
    r.properties = obj(o, "properties");
    r.state.physical_id = str(o, "physical");
    if (const json::value* v = o.if_contains("ref")) r.state.ref = *v;
    r.state.attributes = obj(o, "attributes");
    const json::value* c = o.if_contains("created");
    r.created = c && c->is_bool() && c->get_bool();
    r.claimed = str(o, "claimed");
    const json::value* m = o.if_contains("claimed_made");
    r.claimed_made = m && m->is_bool() && m->get_bool();
    return r;
}

std::string stack_json(const StackRecord& s) {
    json::object resources;
    for (const auto& [id, r] : s.resources) resources[id] = resource_json(r);
    json::object o{{"id", s.id},
                   {"name", s.name},
                   {"status", s.status},
                   {"reason", s.reason},
                   {"description", s.description},
                   {"template", s.template_body},
                   {"processed", s.processed},
                   {"parameters", string_map(s.parameters)},
                   {"no_echo", strings(s.no_echo)},
                   {"capabilities", strings(s.capabilities)},
                   {"tags", pairs(s.tags)},
                   {"resources", std::move(resources)},
                   {"outputs", s.outputs},
                   {"imports", strings(s.imports)},
                   {"created", s.created_ms},
                   {"updated", s.updated_ms},
                   {"deleted", s.deleted_ms},
                   {"disable_rollback", s.disable_rollback},
                   {"change_set", s.change_set_id},
                   {"next_event", s.next_event}};
    return json::serialize(o);
}

StackRecord stack_from(std::string_view text) {
    json::object o = json::parse(text).as_object();
    StackRecord s;
    s.id = str(o, "id");
    s.name = str(o, "name");
    s.status = str(o, "status");
    s.reason = str(o, "reason");
    s.description = str(o, "description");
    s.template_body = str(o, "template");
    s.processed = obj(o, "processed");
    s.parameters = to_string_map(obj(o, "parameters"));
    s.no_echo = to_strings<std::set<std::string>>(arr(o, "no_echo"));
    s.capabilities = to_strings<std::vector<std::string>>(arr(o, "capabilities"));
    s.tags = to_pairs(arr(o, "tags"));
    for (const auto& [id, r] : obj(o, "resources")) s.resources[id] = resource_from(r.as_object());
    s.outputs = arr(o, "outputs");
    s.imports = to_strings<std::set<std::string>>(arr(o, "imports"));
    s.created_ms = num(o, "created");
    s.updated_ms = num(o, "updated");
    s.deleted_ms = num(o, "deleted");
    s.disable_rollback = o.if_contains("disable_rollback") && o.at("disable_rollback").as_bool();
    s.change_set_id = str(o, "change_set");
    s.next_event = num(o, "next_event");
    return s;
}

std::string change_set_json(const ChangeSetRecord& c) {
    json::object o{{"id", c.id},
                   {"name", c.name},
                   {"stack_id", c.stack_id},
                   {"stack_name", c.stack_name},
                   {"type", c.type},
                   {"status", c.status},
                   {"execution_status", c.execution_status},
                   {"reason", c.reason},
                   {"description", c.description},
                   {"created", c.created_ms},
                   {"template", c.template_body},
                   {"processed", c.processed},
                   {"parameters", string_map(c.parameters)},
                   {"no_echo", strings(c.no_echo)},
                   {"capabilities", strings(c.capabilities)},
                   {"tags", pairs(c.tags)},
                   {"changes", c.changes}};
    return json::serialize(o);
}

ChangeSetRecord change_set_from(std::string_view text) {
    json::object o = json::parse(text).as_object();
    ChangeSetRecord c;
    c.id = str(o, "id");
    c.name = str(o, "name");
    c.stack_id = str(o, "stack_id");
    c.stack_name = str(o, "stack_name");
    c.type = str(o, "type");
    c.status = str(o, "status");
    c.execution_status = str(o, "execution_status");
    c.reason = str(o, "reason");
    c.description = str(o, "description");
    c.created_ms = num(o, "created");
    c.template_body = str(o, "template");
    c.processed = obj(o, "processed");
    c.parameters = to_string_map(obj(o, "parameters"));
    c.no_echo = to_strings<std::set<std::string>>(arr(o, "no_echo"));
    c.capabilities = to_strings<std::vector<std::string>>(arr(o, "capabilities"));
    c.tags = to_pairs(arr(o, "tags"));
    c.changes = arr(o, "changes");
    return c;
}

std::string upper_bound_of(std::string prefix) {
    prefix.back() = static_cast<char>(prefix.back() + 1);
    return prefix;
}

storage::Iterator first(storage::Iterator it) {
    it.seek_to_first();
    return it;
}

}  // namespace

std::optional<StackRecord> StackStore::get(const std::string& stack_id) const {
    auto v = db_.get(Cf::Stacks, "s/" + stack_id);
    if (!v) return std::nullopt;
    return stack_from(*v);
}

std::optional<StackRecord> StackStore::find(const std::string& name_or_id) const {
    if (name_or_id.rfind("arn:", 0) == 0) return get(name_or_id);
    auto id = db_.get(Cf::Stacks, "n/" + name_or_id);
    if (!id) return std::nullopt;
    return get(*id);
}

std::vector<StackRecord> StackStore::list() const {
    std::vector<StackRecord> out;
    for (auto it = first(db_.iterate(Cf::Stacks, "s/", "s0")); it.valid(); it.next())
        out.push_back(stack_from(it.value()));
    return out;
}

Result<void> StackStore::put(const StackRecord& s, bool claim_name) {
    std::lock_guard lock(write_mu_);
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        if (claim_name) {
            if (auto other = txn.get(Cf::Stacks, "n/" + s.name); other && *other != s.id)
                return ApiError{"AlreadyExistsException",
                                fmt::format("Stack [{}] already exists", s.name), 400};
            txn.put(Cf::Stacks, "n/" + s.name, s.id);
        }
        txn.put(Cf::Stacks, "s/" + s.id, stack_json(s));
        return Ok{};
    });
}

Result<void> StackStore::put_deleted(const StackRecord& s) {
    std::lock_guard lock(write_mu_);
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        if (auto id = txn.get(Cf::Stacks, "n/" + s.name); id && *id == s.id)
            txn.del(Cf::Stacks, "n/" + s.name);
        for (auto it = first(txn.iterate(Cf::Stacks, "x/", "x0")); it.valid(); it.next()) {
            auto e = json::parse(it.value()).as_object();
            if (str(e, "stack") == s.id) txn.del(Cf::Stacks, it.key());
        }
        txn.put(Cf::Stacks, "s/" + s.id, stack_json(s));
        return Ok{};
    });
}

Result<void> StackStore::add_event(StackRecord& s, StackEventRecord e) {
    json::object o{{"id", e.event_id},           {"logical", e.logical_id},
                   {"physical", e.physical_id},  {"type", e.type},
                   {"status", e.status},         {"reason", e.reason},
                   {"properties", e.properties}, {"time", e.timestamp_ms}};
    std::lock_guard lock(write_mu_);
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        // The stack record is saved before the events that follow it, so a record read back
        // (a resumed or a later operation) may count fewer events than are stored: number the
        // new one after the last stored, never over it.
        std::string prefix = "e/" + s.id + "/";
        auto last = txn.iterate(Cf::Stacks, prefix, upper_bound_of(prefix));
        last.seek_to_last();
        int64_t seq = s.next_event;
        if (last.valid())
            seq = std::max<int64_t>(seq,
                                    std::stoll(std::string(last.key().substr(prefix.size()))) + 1);
        s.next_event = seq + 1;
        txn.put(Cf::Stacks, fmt::format("e/{}/{:016}", s.id, seq), json::serialize(o));
        return Ok{};
    });
}

std::vector<StackEventRecord> StackStore::events(const std::string& stack_id) const {
    std::vector<StackEventRecord> out;
    std::string prefix = "e/" + stack_id + "/";
    for (auto it = first(db_.iterate(Cf::Stacks, prefix, upper_bound_of(prefix))); it.valid();
         it.next()) {
        auto o = json::parse(it.value()).as_object();
        out.push_back({str(o, "id"), str(o, "logical"), str(o, "physical"), str(o, "type"),
                       str(o, "status"), str(o, "reason"), str(o, "properties"), num(o, "time")});
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::optional<ChangeSetRecord> StackStore::change_set(const std::string& id) const {
    auto v = db_.get(Cf::Stacks, "c/" + id);
    if (!v) return std::nullopt;
    return change_set_from(*v);
}

std::vector<ChangeSetRecord> StackStore::change_sets(const std::string& stack_id) const {
    std::vector<ChangeSetRecord> out;
    for (auto it = first(db_.iterate(Cf::Stacks, "c/", "c0")); it.valid(); it.next()) {
        auto c = change_set_from(it.value());
        if (c.stack_id == stack_id) out.push_back(std::move(c));
    }
    return out;
}

Result<void> StackStore::put_change_set(const ChangeSetRecord& c) {
    std::lock_guard lock(write_mu_);
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        txn.put(Cf::Stacks, "c/" + c.id, change_set_json(c));
        return Ok{};
    });
}

Result<void> StackStore::remove_change_set(const std::string& id) {
    std::lock_guard lock(write_mu_);
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        txn.del(Cf::Stacks, "c/" + id);
        return Ok{};
    });
}

Result<void> StackStore::remove_change_sets_of(const std::string& stack_id) {
    for (const auto& c : change_sets(stack_id)) FRESHET_CHECK(remove_change_set(c.id));
    return Ok{};
}

std::map<std::string, std::pair<std::string, std::string>> StackStore::exports() const {
    std::map<std::string, std::pair<std::string, std::string>> out;
    for (auto it = first(db_.iterate(Cf::Stacks, "x/", "x0")); it.valid(); it.next()) {
        auto o = json::parse(it.value()).as_object();
        out[std::string(it.key().substr(2))] = {str(o, "stack"), str(o, "value")};
    }
    return out;
}

Result<void> StackStore::set_exports(const StackRecord& s,
                                     const std::map<std::string, std::string>& exports) {
    std::lock_guard lock(write_mu_);
    return db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        for (const auto& [name, value] : exports) {
            auto cur = txn.get(Cf::Stacks, "x/" + name);
            if (!cur) continue;
            auto o = json::parse(*cur).as_object();
            if (str(o, "stack") != s.id)
                return ApiError{"ValidationError",
                                fmt::format("Export with name {} is already exported by stack {}",
                                            name, str(o, "name")),
                                400};
        }
        for (auto it = first(txn.iterate(Cf::Stacks, "x/", "x0")); it.valid(); it.next()) {
            auto o = json::parse(it.value()).as_object();
            if (str(o, "stack") == s.id) txn.del(Cf::Stacks, it.key());
        }
        for (const auto& [name, value] : exports)
            txn.put(
                Cf::Stacks, "x/" + name,
                json::serialize(json::object{{"stack", s.id}, {"name", s.name}, {"value", value}}));
        return Ok{};
    });
}

}  // namespace freshet::stacks
