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

void MappingsService::write_metrics(MetricsWriter& w) const {
    struct Row {
        MetricsWriter::Labels labels;
        MappingStats stats;
    };
    std::vector<Row> rows;
    for (const auto& m : store_.list()) {
        auto stats = engine_.stats(*m.config.UUID);
        if (!stats) continue;
        std::string fn = m.config.FunctionArn.value_or("");
        fn = fn.substr(fn.rfind(':') + 1);
        rows.push_back({{{"uuid", *m.config.UUID},
                         {"function", fn},
                         {"event_source_arn", m.config.EventSourceArn.value_or("")}},
                        *stats});
    }
    struct Family {
        const char* name;
        const char* type;
        const char* help;
        double (*value)(const MappingStats&);
    };
    static const Family families[] = {
        {"freshet_mapping_iterator_age_seconds", "gauge",
         "How far, in seconds, the last read of a mapping was behind the newest record of its "
         "shard.",
         [](const MappingStats& s) { return double(s.iterator_age_ms) / 1000; }},
        {"freshet_mapping_invocations_total", "counter",
         "Batches a mapping has handed to its function (retries included).",
         [](const MappingStats& s) { return double(s.batches); }},
        {"freshet_mapping_records_delivered_total", "counter",
         "Records a mapping's function has processed successfully.",
         [](const MappingStats& s) { return double(s.records); }},
        {"freshet_mapping_retries_total", "counter", "Invocations that retried a failed batch.",
         [](const MappingStats& s) { return double(s.retries); }},
        {"freshet_mapping_records_failed_total", "counter",
         "Records given up (sent to the OnFailure destination or the log group).",
         [](const MappingStats& s) { return double(s.failed); }},
        {"freshet_mapping_records_filtered_total", "counter",
         "Records dropped by the mapping's FilterCriteria.",
         [](const MappingStats& s) { return double(s.filtered); }},
    };
    for (const auto& f : families) {
        w.family(f.name, f.type, f.help);
        for (const auto& r : rows) w.sample(f.name, r.labels, f.value(r.stats));
    }
}

m::EventSourceMappingConfiguration MappingsService::view(const store::MappingRecord& r) const {
    m::EventSourceMappingConfiguration c = r.config;
    if (auto stats = engine_.stats(*c.UUID)) c.LastProcessingResult = stats->last_result;
    return c;
}

}  // namespace freshet::mappings
