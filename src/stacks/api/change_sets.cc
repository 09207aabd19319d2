// CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet and ListChangeSets.
// A change set is computed at once (Status CREATE_COMPLETE, or FAILED when it changes
// nothing, with the reason `aws cloudformation deploy` recognises).
#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/ids.h"
#include "stacks/api/handlers.h"
#include "stacks/engine/operation.h"
#include "stacks/engine/prepare.h"

namespace freshet::stacks::api {

namespace json = boost::json;

namespace {

constexpr const char* kNoChanges =
    "The submitted information didn't contain changes. Submit different information to create "
    "a change set.";

ApiError change_set_not_found(const std::string& name) {
    return ApiError{"ChangeSetNotFound", fmt::format("ChangeSet [{}] does not exist", name), 404};
}

json::object definition(const json::object& tmpl, const std::string& id) {
    const json::value* r = tmpl.if_contains("Resources");
    const json::value* d = r && r->is_object() ? r->get_object().if_contains(id) : nullptr;
    return d && d->is_object() ? d->get_object() : json::object();
}

std::string type_of(const json::object& def) {
    const json::value* t = def.if_contains("Type");
    return t && t->is_string() ? std::string(t->get_string()) : std::string();
}

json::object change(const std::string& action, const std::string& id, const std::string& type,
                    const std::string& physical, const std::string& replacement) {
    json::object rc{{"Action", action},
                    {"LogicalResourceId", id},
                    {"ResourceType", type},
                    {"Scope", json::array()},
                    {"Details", json::array()}};
    if (!physical.empty()) rc["PhysicalResourceId"] = physical;
    if (!replacement.empty()) rc["Replacement"] = replacement;
    return {{"Type", "Resource"}, {"ResourceChange", std::move(rc)}};
}

// What executing `p` on `s` would do, resource by resource.
json::array diff(StacksService& svc, const StackRecord& s, const Prepared& p,
                 const Principal& caller) {
    json::array out;
    EngineDeps deps{svc.options().client, &svc.responses(), svc.options().region,
                    svc.options().account_id, svc.options().clock};
    Operation probe(svc.store(), deps, s, caller);
    probe.use(p);
    auto active = active_resources(p);
    std::set<std::string> keep(active.begin(), active.end());
    for (const auto& id : active) {
        auto it = s.resources.find(id);
        std::string type = type_of(definition(p.processed, id));
        if (it == s.resources.end() || !it->second.created) {
            out.push_back(change("Add", id, type, "", ""));
            continue;
        }
        const ResourceRecord& old = it->second;
        auto props = probe.properties(id);
        if (props.ok() && *props == old.properties) continue;
        std::string replacement = "Conditional";
        if (props.ok()) {
            Provider* provider = find_provider(type);
            replacement =
                provider && provider->needs_replacement(old.properties, *props) ? "True" : "False";
        }
        out.push_back(change("Modify", id, type, old.state.physical_id, replacement));
    }
    for (const auto& [id, r] : s.resources)
        if (r.created && !keep.count(id))
            out.push_back(change("Remove", id, r.type, r.state.physical_id, ""));
    return out;
}

Result<ChangeSetRecord> find_change_set(StacksService& svc, const std::string& name,
                                        const std::optional<std::string>& stack) {
    if (name.rfind("arn:", 0) == 0) {
        auto c = svc.store().change_set(name);
        if (!c) return change_set_not_found(name);
        return std::move(*c);
    }
    if (!stack)
        return ApiError{"ValidationError",
                        "StackName must be specified if ChangeSetName is not specified as an ARN.",
                        400};
    auto s = svc.store().find(*stack);
    if (!s) return change_set_not_found(name);
    for (auto& c : svc.store().change_sets(s->id))
        if (c.name == name) return std::move(c);
    return change_set_not_found(name);
}

// The stack a change set applies to: the live one, or a new one in REVIEW_IN_PROGRESS.
Result<StackRecord> target_stack(StacksService& svc, RequestContext& ctx,
                                 const m::CreateChangeSetInput& in, const std::string& type) {
    auto s = svc.store().find(in.StackName);
    if (type == "UPDATE") {
        if (!s || s->status == "REVIEW_IN_PROGRESS")
            return ApiError{"ValidationError",
                            fmt::format("Stack [{}] does not exist", in.StackName), 400};
        return std::move(*s);
    }
    if (s && s->status != "REVIEW_IN_PROGRESS")
        return ApiError{"ValidationError",
                        fmt::format("Stack [{}] already exists and cannot be created again with "
                                    "the changeSet [{}].",
                                    in.StackName, in.ChangeSetName),
                        400};
    if (s) return std::move(*s);
    StackRecord n;
    n.name = in.StackName;
    n.id = new_stack_id(svc, n.name);
    n.status = "REVIEW_IN_PROGRESS";
    n.reason = "User Initiated";
    n.created_ms = now_ms(ctx);
    return n;
}

}  // namespace

Result<m::CreateChangeSetOutput> create_change_set(StacksService& svc, RequestContext& ctx,
                                                   const m::CreateChangeSetInput& in) {
    std::lock_guard lock(svc.api_mutex());
    std::string type = in.ChangeSetType.value_or("UPDATE");
    if (type != "CREATE" && type != "UPDATE")
        return ApiError{"ValidationError",
                        fmt::format("ChangeSetType {} is not supported by Freshet", type), 400};
    FRESHET_TRY(s, target_stack(svc, ctx, in, type));
    for (const auto& c : svc.store().change_sets(s.id))
        if (c.name == in.ChangeSetName)
            return ApiError{"AlreadyExistsException",
                            fmt::format("ChangeSet [{}] already exists", in.ChangeSetName), 400};
    bool update = type == "UPDATE";
    FRESHET_TRY(body, template_body(in.TemplateBody, in.TemplateURL,
                                    in.UsePreviousTemplate.value_or(false), update ? &s : nullptr));
    FRESHET_TRY(given, given_parameters(in.Parameters, update ? &s : nullptr));
    FRESHET_TRY(prepared, prepare(body, given, pseudo_of(svc, s)));
    FRESHET_CHECK(
        check_capabilities(prepared, in.Capabilities.value_or(std::vector<std::string>{}), true));
    ChangeSetRecord c;
    c.id = fmt::format("arn:aws:cloudformation:{}:{}:changeSet/{}/{}", svc.options().region,
                       svc.options().account_id, in.ChangeSetName, ids::uuid4());
    c.name = in.ChangeSetName;
    c.stack_id = s.id;
    c.stack_name = s.name;
    c.type = type;
    c.description = in.Description.value_or("");
    c.created_ms = now_ms(ctx);
    c.template_body = body;
    c.processed = prepared.processed;
    c.parameters = prepared.parameters.raw;
    c.no_echo = prepared.parameters.no_echo;
    c.capabilities = in.Capabilities.value_or(std::vector<std::string>{});
    c.tags = tag_pairs(in.Tags);
    c.changes = diff(svc, s, prepared, ctx.principal);
    if (update && c.changes.empty()) {
        c.status = "FAILED";
        c.execution_status = "UNAVAILABLE";
        c.reason = kNoChanges;
    }
    if (!update && !svc.store().find(s.name)) FRESHET_CHECK(svc.store().put(s, true));
    FRESHET_CHECK(svc.store().put_change_set(c));
    return m::CreateChangeSetOutput{c.id, s.id};
}

Result<m::DescribeChangeSetOutput> describe_change_set(StacksService& svc, RequestContext&,
                                                       const m::DescribeChangeSetInput& in) {
    FRESHET_TRY(c, find_change_set(svc, in.ChangeSetName, in.StackName));
    m::DescribeChangeSetOutput out;
    out.ChangeSetName = c.name;
    out.ChangeSetId = c.id;
    out.StackId = c.stack_id;
    out.StackName = c.stack_name;
    if (!c.description.empty()) out.Description = c.description;
    out.Parameters = parameters_of(c.parameters, c.no_echo);
    out.CreationTime = time_of(c.created_ms);
    out.ExecutionStatus = c.execution_status;
    out.Status = c.status;
    if (!c.reason.empty()) out.StatusReason = c.reason;
    out.NotificationARNs = std::vector<std::string>{};
    if (!c.capabilities.empty()) out.Capabilities = c.capabilities;
    out.Tags = tags_of(c.tags);
    std::vector<m::Change> changes;
    for (const auto& v : c.changes) {
        m::Change ch;
        from_json(v, ch);
        changes.push_back(std::move(ch));
    }
    out.Changes = std::move(changes);
    out.IncludeNestedStacks = false;
    return out;
}

Result<NoOutput> execute_change_set(StacksService& svc, RequestContext& ctx,
                                    const m::ExecuteChangeSetInput& in) {
    std::lock_guard lock(svc.api_mutex());
    FRESHET_TRY(c, find_change_set(svc, in.ChangeSetName, in.StackName));
    if (c.status != "CREATE_COMPLETE" || c.execution_status != "AVAILABLE")
        return ApiError{"InvalidChangeSetStatus",
                        fmt::format("ChangeSet [{}] cannot be executed in its current status of "
                                    "[{}]",
                                    c.id, c.status),
                        400};
    FRESHET_TRY(s, find_stack(svc, c.stack_id));
    if (svc.engine().busy(s))
        return ApiError{"InvalidChangeSetStatus",
                        fmt::format("ChangeSet [{}] cannot be executed in its current status of "
                                    "[{}]",
                                    c.id, s.status),
                        400};
    FRESHET_TRY(prepared, prepare(c.template_body, c.parameters, pseudo_of(svc, s)));
    StackRecord next = s;
    next.status = c.type == "CREATE" ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS";
    next.reason.clear();
    next.description = template_description(prepared.original);
    next.template_body = c.template_body;
    next.processed = prepared.processed;
    next.parameters = prepared.parameters.raw;
    next.no_echo = prepared.parameters.no_echo;
    next.capabilities = c.capabilities;
    if (!c.tags.empty()) next.tags = c.tags;
    next.change_set_id = c.id;
    next.disable_rollback = in.DisableRollback.value_or(false);
    if (c.type == "UPDATE") next.updated_ms = now_ms(ctx);
    FRESHET_CHECK(svc.store().put(next));
    for (const auto& other : svc.store().change_sets(s.id))
        if (other.id != c.id) FRESHET_CHECK(svc.store().remove_change_set(other.id));
    c.execution_status = "EXECUTE_COMPLETE";
    FRESHET_CHECK(svc.store().put_change_set(c));
    if (c.type == "CREATE") {
        svc.engine().create(std::move(next), std::move(prepared), ctx.principal);
    } else {
        svc.engine().update(std::move(s), std::move(next), std::move(prepared), ctx.principal);
    }
    return NoOutput{};
}

Result<NoOutput> delete_change_set(StacksService& svc, RequestContext&,
                                   const m::DeleteChangeSetInput& in) {
    std::lock_guard lock(svc.api_mutex());
    FRESHET_TRY(c, find_change_set(svc, in.ChangeSetName, in.StackName));
    FRESHET_CHECK(svc.store().remove_change_set(c.id));
    return NoOutput{};
}

Result<m::ListChangeSetsOutput> list_change_sets(StacksService& svc, RequestContext&,
                                                 const m::ListChangeSetsInput& in) {
    FRESHET_TRY(s, find_stack(svc, in.StackName));
    std::vector<m::ChangeSetSummary> out;
    for (const auto& c : svc.store().change_sets(s.id)) {
        m::ChangeSetSummary e;
        e.StackId = c.stack_id;
        e.StackName = c.stack_name;
        e.ChangeSetId = c.id;
        e.ChangeSetName = c.name;
        e.ExecutionStatus = c.execution_status;
        e.Status = c.status;
        if (!c.reason.empty()) e.StatusReason = c.reason;
        e.CreationTime = time_of(c.created_ms);
        if (!c.description.empty()) e.Description = c.description;
        e.IncludeNestedStacks = false;
        out.push_back(std::move(e));
    }
    m::ListChangeSetsOutput r;
    r.Summaries = std::move(out);
    return r;
}

}  // namespace freshet::stacks::api
