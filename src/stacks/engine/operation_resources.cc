// The provider calls of an Operation: create, update (in place or by replacement), delete,
// and the stack's Outputs.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "stacks/engine/operation.h"

namespace freshet::stacks {

namespace json = boost::json;

namespace {

std::string type_of(const json::object& def) {
    const json::value* t = def.if_contains("Type");
    return t && t->is_string() ? std::string(t->get_string()) : std::string();
}

// A resource as a successful create or update leaves it.
ResourceRecord made(const std::string& logical_id, const std::string& type, std::string status,
                    int64_t now_ms, json::object properties, ResourceState state) {
    ResourceRecord r;
    r.logical_id = logical_id;
    r.type = type;
    r.status = std::move(status);
    r.updated_ms = now_ms;
    r.properties = std::move(properties);
    r.state = std::move(state);
    r.created = true;
    return r;
}

constexpr const char* kReplacing =
    "Requested update requires the creation of a new physical resource; hence creating one.";

}  // namespace

bool Operation::create(const std::string& logical_id) {
    json::object def = definition(logical_id);
    std::string type = type_of(def);
    Provider* provider = find_provider(type);
    auto props = properties(logical_id);
    mutate([&](StackRecord& s) {
        ResourceRecord& r = s.resources[logical_id];
        if (r.created) return;
        r.logical_id = logical_id;
        r.type = type;
        r.status = "CREATE_IN_PROGRESS";
        r.reason.clear();
        r.updated_ms = now_ms();
    });
    resource_event(logical_id, type, "", "CREATE_IN_PROGRESS", "", props.ok() ? &*props : nullptr);
    auto fail = [&](const std::string& reason) {
        {
            std::lock_guard lock(mu_);
            ResourceRecord& r = stack_.resources[logical_id];
            r.logical_id = logical_id;
            r.type = type;
            r.status = "CREATE_FAILED";
            r.reason = reason;
            r.updated_ms = now_ms();
            // A reserved name whose service call failed names nothing: no delete for it.
            if (!r.claimed_made) r.claimed.clear();
        }
        save();
        resource_event(logical_id, type, "", "CREATE_FAILED", reason, nullptr);
        return false;
    };
    if (!props.ok()) return fail(props.error().message);
    if (!provider) return fail(fmt::format("Unrecognized resource type: {}", type));
    ResourceContext ctx = context(logical_id, type);
    // Kept with the properties until the resource is created, for a rollback to delete what a
    // failed or interrupted create made (Engine::delete_all).
    ctx.claim = [&](const std::string& physical_id, bool made) {
        mutate([&](StackRecord& s) {
            ResourceRecord& r = s.resources[logical_id];
            r.claimed = physical_id;
            r.claimed_made = made;
            r.properties = *props;
        });
    };
    auto state = provider->create(ctx, *props);
    if (!state.ok()) return fail(state.error().message);
    std::string physical = state->physical_id;
    {
        std::lock_guard lock(mu_);
        stack_.resources[logical_id] = made(logical_id, type, "CREATE_COMPLETE", now_ms(),
                                            std::move(*props), std::move(*state));
        changes_.added.insert(logical_id);
        save();
    }
    resource_event(logical_id, type, physical, "CREATE_COMPLETE", "", nullptr);
    return true;
}

bool Operation::update(const std::string& logical_id) {
    ResourceRecord old;
    {
        std::lock_guard lock(mu_);
        auto it = stack_.resources.find(logical_id);
        if (it == stack_.resources.end() || !it->second.created) return create(logical_id);
        old = it->second;
    }
    json::object def = definition(logical_id);
    std::string type = type_of(def);
    auto props = properties(logical_id);
    auto fail = [&](const std::string& reason) {
        mutate([&](StackRecord& s) {
            s.resources[logical_id].status = "UPDATE_FAILED";
            s.resources[logical_id].reason = reason;
        });
        resource_event(logical_id, type, old.state.physical_id, "UPDATE_FAILED", reason, nullptr);
        return false;
    };
    if (!props.ok()) return fail(props.error().message);
    if (*props == old.properties && old.type == type) return true;
    Provider* provider = find_provider(type);
    if (!provider) return fail(fmt::format("Unrecognized resource type: {}", type));
    bool replace = old.type != type || provider->needs_replacement(old.properties, *props);
    resource_event(logical_id, type, old.state.physical_id, "UPDATE_IN_PROGRESS",
                   replace ? kReplacing : "", &*props);
    mutate([&](StackRecord& s) { s.resources[logical_id].status = "UPDATE_IN_PROGRESS"; });
    auto ctx = context(logical_id, type);
    auto state = replace ? provider->create(ctx, *props)
                         : provider->update(ctx, old.state, old.properties, *props);
    if (!state.ok()) return fail(state.error().message);
    std::string physical = state->physical_id;
    {
        std::lock_guard lock(mu_);
        (replace ? changes_.replaced : changes_.updated)[logical_id] = old;
        stack_.resources[logical_id] = made(logical_id, type, "UPDATE_COMPLETE", now_ms(),
                                            std::move(*props), std::move(*state));
        save();
    }
    resource_event(logical_id, type, physical, "UPDATE_COMPLETE", "", nullptr);
    return true;
}

bool Operation::remove(const ResourceRecord& r, const std::string& deletion_policy) {
    const std::string& id = r.logical_id;
    ResourceState state = r.state;
    if (!r.created) state.physical_id = r.claimed;  // what a failed create made
    if (deletion_policy == "Retain") {
        mutate([&](StackRecord& s) {
            s.resources[id].status = "DELETE_SKIPPED";
            s.resources[id].created = false;
            s.resources[id].claimed.clear();
        });
        resource_event(id, r.type, state.physical_id, "DELETE_SKIPPED", "", nullptr);
        return true;
    }
    resource_event(id, r.type, state.physical_id, "DELETE_IN_PROGRESS", "", nullptr);
    mutate([&](StackRecord& s) { s.resources[id].status = "DELETE_IN_PROGRESS"; });
    Provider* provider = find_provider(r.type);
    Result<void> done =
        provider ? provider->remove(context(id, r.type), state, r.properties) : Result<void>(Ok{});
    if (!done.ok()) {
        mutate([&](StackRecord& s) {
            s.resources[id].status = "DELETE_FAILED";
            s.resources[id].reason = done.error().message;
        });
        resource_event(id, r.type, state.physical_id, "DELETE_FAILED", done.error().message,
                       nullptr);
        return false;
    }
    mutate([&](StackRecord& s) {
        s.resources[id].status = "DELETE_COMPLETE";
        s.resources[id].reason.clear();
        s.resources[id].created = false;
        s.resources[id].claimed.clear();
    });
    resource_event(id, r.type, state.physical_id, "DELETE_COMPLETE", "", nullptr);
    return true;
}

bool Operation::remove_replaced(const ResourceRecord& old) {
    resource_event(old.logical_id, old.type, old.state.physical_id, "DELETE_IN_PROGRESS", "",
                   nullptr);
    Provider* provider = find_provider(old.type);
    Result<void> done =
        provider ? provider->remove(context(old.logical_id, old.type), old.state, old.properties)
                 : Result<void>(Ok{});
    if (!done.ok()) {
        resource_event(old.logical_id, old.type, old.state.physical_id, "DELETE_FAILED",
                       done.error().message, nullptr);
        return false;
    }
    resource_event(old.logical_id, old.type, old.state.physical_id, "DELETE_COMPLETE", "", nullptr);
    return true;
}

void Operation::restore(const ResourceRecord& r) {
    mutate([&](StackRecord& s) { s.resources[r.logical_id] = r; });
}

bool Operation::revert(const ResourceRecord& prior) {
    ResourceRecord cur;
    {
        std::lock_guard lock(mu_);
        cur = stack_.resources.at(prior.logical_id);
    }
    const std::string& id = prior.logical_id;
    resource_event(id, prior.type, cur.state.physical_id, "UPDATE_IN_PROGRESS", "",
                   &prior.properties);
    Provider* provider = find_provider(prior.type);
    if (!provider) return false;
    auto state =
        provider->update(context(id, prior.type), cur.state, cur.properties, prior.properties);
    if (!state.ok()) {
        mutate([&](StackRecord& s) {
            s.resources[id].status = "UPDATE_FAILED";
            s.resources[id].reason = state.error().message;
        });
        resource_event(id, prior.type, cur.state.physical_id, "UPDATE_FAILED",
                       state.error().message, nullptr);
        return false;
    }
    ResourceRecord back = prior;
    back.state = std::move(*state);
    back.status = "UPDATE_COMPLETE";
    back.updated_ms = now_ms();
    restore(back);
    resource_event(id, prior.type, back.state.physical_id, "UPDATE_COMPLETE", "", nullptr);
    return true;
}

Result<void> Operation::outputs() {
    json::array out;
    std::map<std::string, std::string> exports;
    {
        std::lock_guard lock(mu_);
        const json::value* section = prepared_.processed.if_contains("Outputs");
        if (section && section->is_object()) {
            EvalContext ctx;
            if (const json::value* m = prepared_.processed.if_contains("Mappings");
                m && m->is_object())
                ctx.mappings = &m->get_object();
            ctx.parameters = &prepared_.parameters;
            ctx.conditions = &prepared_.conditions;
            ctx.pseudo = pseudo();
            ctx.resources = this;
            for (const auto& [key, v] : section->get_object()) {
                const json::object& o = v.as_object();
                if (const json::value* c = o.if_contains("Condition"); c && c->is_string()) {
                    auto it = prepared_.conditions.find(std::string(c->get_string()));
                    if (it != prepared_.conditions.end() && !it->second) continue;
                }
                FRESHET_TRY(value, evaluate(o.at("Value"), ctx));
                if (value.is_array() || value.is_object())
                    return ApiError{"ValidationError",
                                    fmt::format("Template format error: The Value of Outputs "
                                                "member {} must evaluate to a String",
                                                std::string(key)),
                                    400};
                json::object entry{
                    {"OutputKey", key},
                    {"OutputValue",
                     value.is_string() ? std::string(value.get_string()) : json::serialize(value)}};
                if (const json::value* d = o.if_contains("Description"); d && d->is_string())
                    entry["Description"] = *d;
                if (const json::value* e = o.if_contains("Export")) {
                    FRESHET_TRY(name, evaluate(e->as_object().at("Name"), ctx));
                    std::string n =
                        name.is_string() ? std::string(name.get_string()) : json::serialize(name);
                    entry["ExportName"] = n;
                    exports[n] = std::string(entry["OutputValue"].as_string());
                }
                out.push_back(std::move(entry));
            }
        }
    }
    FRESHET_CHECK(store_.set_exports(snapshot(), exports));
    mutate([&](StackRecord& s) { s.outputs = std::move(out); });
    return Ok{};
}

}  // namespace freshet::stacks
