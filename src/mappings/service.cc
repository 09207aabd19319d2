#include "mappings/service.h"

#include <fmt/format.h>

namespace freshet::mappings {

namespace m = model;

ApiError mapping_error(std::string code, std::string message, int status) {
    return ApiError{std::move(code), std::move(message), status, status < 500, true};
}

MappingsService::MappingsService(storage::Db& db, EngineDeps deps)
    : store_(db), engine_(store_, std::move(deps)) {
    auto by_uuid = [](const RequestContext& ctx, const auto& in) {
        return mapping_arn(ctx, in.UUID);
    };
    actions_.add(action<m::CreateEventSourceMappingRequest>(
        "CreateEventSourceMapping", "lambda:CreateEventSourceMapping",
        [this](RequestContext& ctx, const m::CreateEventSourceMappingRequest& in) {
            return create_mapping(*this, ctx, in);
        },
        &any_resource<m::CreateEventSourceMappingRequest>));
    actions_.add(action<m::ListEventSourceMappingsRequest>(
        "ListEventSourceMappings", "lambda:ListEventSourceMappings",
        [this](RequestContext& ctx, const m::ListEventSourceMappingsRequest& in) {
            return list_mappings(*this, ctx, in);
        },
        &any_resource<m::ListEventSourceMappingsRequest>));
    actions_.add(action<m::GetEventSourceMappingRequest>(
        "GetEventSourceMapping", "lambda:GetEventSourceMapping",
        [this](RequestContext& ctx, const m::GetEventSourceMappingRequest& in) {
            return get_mapping(*this, ctx, in);
        },
        by_uuid));
    actions_.add(action<m::UpdateEventSourceMappingRequest>(
        "UpdateEventSourceMapping", "lambda:UpdateEventSourceMapping",
        [this](RequestContext& ctx, const m::UpdateEventSourceMappingRequest& in) {
            return update_mapping(*this, ctx, in);
        },
        by_uuid));
    actions_.add(action<m::DeleteEventSourceMappingRequest>(
        "DeleteEventSourceMapping", "lambda:DeleteEventSourceMapping",
        [this](RequestContext& ctx, const m::DeleteEventSourceMappingRequest& in) {
            return delete_mapping(*this, ctx, in);
        },
        by_uuid));
}

MappingsService::~MappingsService() {
    engine_.stop();
}

std::string MappingsService::mapping_arn(const RequestContext& ctx, const std::string& uuid) {
    return fmt::format("arn:aws:lambda:{}:{}:event-source-mapping:{}", ctx.region,
                       ctx.principal.account_id, uuid);
}

ApiError MappingsService::not_found() {
    return mapping_error("ResourceNotFoundException", "The resource you requested does not exist.",
                         404);
}

m::EventSourceMappingConfiguration MappingsService::view(const store::MappingRecord& r) const {
    m::EventSourceMappingConfiguration c = r.config;
    if (auto stats = engine_.stats(*c.UUID)) c.LastProcessingResult = stats->last_result;
    return c;
}

}  // namespace freshet::mappings
