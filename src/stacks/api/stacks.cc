// CreateStack, UpdateStack and DeleteStack: synchronous checks, then the engine.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "stacks/api/handlers.h"
#include "stacks/engine/prepare.h"

namespace freshet::stacks::api {

namespace json = boost::json;

namespace {

bool updatable(const std::string& status) {
    return status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE" ||
           status == "UPDATE_ROLLBACK_COMPLETE";
}

// Stacks that import one of `s`'s exports (DeleteStack refuses while any does).
std::optional<ApiError> exports_in_use(StacksService& svc, const StackRecord& s) {
    for (const auto& [name, owner] : svc.store().exports()) {
        if (owner.first != s.id) continue;
        for (const auto& other : svc.store().list()) {
            if (other.id == s.id || other.status == "DELETE_COMPLETE") continue;
            if (other.imports.count(name))
                return ApiError{"ValidationError",
                                fmt::format("Export {} cannot be deleted as it is in use by {}",
                                            name, other.name),
                                400};
        }
    }
    return std::nullopt;
}

}  // namespace

Result<m::CreateStackOutput> create_stack(StacksService& svc, RequestContext& ctx,
                                          const m::CreateStackInput& in) {
    FRESHET_TRY(body, template_body(in.TemplateBody, in.TemplateURL, false, nullptr));
    FRESHET_TRY(given, given_parameters(in.Parameters, nullptr));
    StackRecord s;
    s.name = in.StackName;
    s.id = new_stack_id(svc, s.name);
    if (svc.store().find(s.name))
        return ApiError{"AlreadyExistsException", fmt::format("Stack [{}] already exists", s.name),
                        400};
    FRESHET_TRY(prepared, prepare(body, given, pseudo_of(svc, s)));
    FRESHET_CHECK(
        check_capabilities(prepared, in.Capabilities.value_or(std::vector<std::string>{}), false));
    s.status = "CREATE_IN_PROGRESS";
    s.description = template_description(prepared.original);
    s.template_body = body;
    s.processed = prepared.processed;
    s.parameters = prepared.parameters.raw;
    s.no_echo = prepared.parameters.no_echo;
    s.capabilities = in.Capabilities.value_or(std::vector<std::string>{});
    s.tags = tag_pairs(in.Tags);
    s.created_ms = now_ms(ctx);
    s.disable_rollback =
        in.DisableRollback.value_or(false) || in.OnFailure.value_or("") == "DO_NOTHING";
    {
        std::lock_guard lock(svc.api_mutex());
        FRESHET_CHECK(svc.store().put(s, true));
    }
    svc.engine().create(s, std::move(prepared), ctx.principal);
    return m::CreateStackOutput{s.id};
}

Result<m::UpdateStackOutput> update_stack(StacksService& svc, RequestContext& ctx,
                                          const m::UpdateStackInput& in) {
    std::lock_guard lock(svc.api_mutex());
    FRESHET_TRY(before, find_stack(svc, in.StackName));
    if (before.status == "DELETE_COMPLETE") return stack_not_found(in.StackName);
    if (!updatable(before.status) || svc.engine().busy(before))
        return ApiError{"ValidationError",
                        fmt::format("Stack:{} is in {} state and can not be updated.", before.id,
                                    before.status),
                        400};
    FRESHET_TRY(body, template_body(in.TemplateBody, in.TemplateURL,
                                    in.UsePreviousTemplate.value_or(false), &before));
    FRESHET_TRY(given, given_parameters(in.Parameters, &before));
    FRESHET_TRY(prepared, prepare(body, given, pseudo_of(svc, before)));
    FRESHET_CHECK(
        check_capabilities(prepared, in.Capabilities.value_or(std::vector<std::string>{}), false));
    if (body == before.template_body && prepared.parameters.raw == before.parameters)
        return ApiError{"ValidationError", "No updates are to be performed.", 400};
    StackRecord next = before;
    next.status = "UPDATE_IN_PROGRESS";
    next.reason.clear();
    next.description = template_description(prepared.original);
    next.template_body = body;
    next.processed = prepared.processed;
    next.parameters = prepared.parameters.raw;
    next.no_echo = prepared.parameters.no_echo;
    if (in.Capabilities) next.capabilities = *in.Capabilities;
    if (in.Tags) next.tags = tag_pairs(in.Tags);
    next.updated_ms = now_ms(ctx);
    FRESHET_CHECK(svc.store().put(next));
    svc.engine().update(std::move(before), next, std::move(prepared), ctx.principal);
    return m::UpdateStackOutput{next.id};
}

Result<NoOutput> delete_stack(StacksService& svc, RequestContext& ctx,
                              const m::DeleteStackInput& in) {
    std::lock_guard lock(svc.api_mutex());
    auto s = svc.store().find(in.StackName);
    // Deleting a stack that does not exist (or no longer does) succeeds, as in CloudFormation.
    if (!s || s->status == "DELETE_COMPLETE") return NoOutput{};
    if (svc.engine().busy(*s) || s->status == "DELETE_IN_PROGRESS") {
        if (s->status == "DELETE_IN_PROGRESS") return NoOutput{};
        return ApiError{
            "ValidationError",
            fmt::format("Stack [{}] cannot be deleted while in status {}", s->name, s->status),
            400};
    }
    if (auto e = exports_in_use(svc, *s)) return std::move(*e);
    s->status = "DELETE_IN_PROGRESS";
    s->reason.clear();
    FRESHET_CHECK(svc.store().put(*s));
    svc.engine().remove(std::move(*s), ctx.principal);
    return NoOutput{};
}

}  // namespace freshet::stacks::api
