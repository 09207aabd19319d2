// DescribeStacks, ListStacks, DescribeStackEvents, DescribeStackResource(s),
// ListStackResources and ListExports.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "stacks/api/handlers.h"

namespace freshet::stacks::api {

namespace json = boost::json;

namespace {

constexpr size_t kEventsPage = 100;

m::Stack to_stack(const StackRecord& s) {
    m::Stack out;
    out.StackId = s.id;
    out.StackName = s.name;
    if (!s.change_set_id.empty()) out.ChangeSetId = s.change_set_id;
    if (!s.description.empty()) out.Description = s.description;
    out.Parameters = parameters_of(s.parameters, s.no_echo);
    out.CreationTime = time_of(s.created_ms);
    if (s.updated_ms) out.LastUpdatedTime = time_of(s.updated_ms);
    if (s.deleted_ms) out.DeletionTime = time_of(s.deleted_ms);
    out.StackStatus = s.status;
    if (!s.reason.empty()) out.StackStatusReason = s.reason;
    out.DisableRollback = s.disable_rollback;
    out.NotificationARNs = std::vector<std::string>{};
    if (!s.capabilities.empty()) out.Capabilities = s.capabilities;
    if (!s.outputs.empty()) {
        std::vector<m::Output> outputs;
        for (const auto& v : s.outputs) {
            const json::object& o = v.as_object();
            m::Output e;
            e.OutputKey = std::string(o.at("OutputKey").as_string());
            e.OutputValue = std::string(o.at("OutputValue").as_string());
            if (auto* d = o.if_contains("Description")) e.Description = std::string(d->as_string());
            if (auto* x = o.if_contains("ExportName")) e.ExportName = std::string(x->as_string());
            outputs.push_back(std::move(e));
        }
        out.Outputs = std::move(outputs);
    }
    out.Tags = tags_of(s.tags);
    out.EnableTerminationProtection = false;
    out.DriftInformation = m::StackDriftInformation{"NOT_CHECKED", std::nullopt};
    return out;
}

bool listed_resource(const ResourceRecord& r) {
    return !r.status.empty();
}

m::StackResource to_resource(const StackRecord& s, const ResourceRecord& r) {
    m::StackResource out;
    out.StackName = s.name;
    out.StackId = s.id;
    out.LogicalResourceId = r.logical_id;
    if (!r.state.physical_id.empty()) out.PhysicalResourceId = r.state.physical_id;
    out.ResourceType = r.type;
    out.Timestamp = time_of(r.updated_ms);
    out.ResourceStatus = r.status;
    if (!r.reason.empty()) out.ResourceStatusReason = r.reason;
    out.DriftInformation = m::StackResourceDriftInformation{"NOT_CHECKED", std::nullopt};
    return out;
}

}  // namespace

Result<m::DescribeStacksOutput> describe_stacks(StacksService& svc, RequestContext&,
                                                const m::DescribeStacksInput& in) {
    std::vector<m::Stack> stacks;
    if (in.StackName) {
        FRESHET_TRY(s, find_stack(svc, *in.StackName));
        stacks.push_back(to_stack(s));
    } else {
        for (const auto& s : svc.store().list())
            if (s.status != "DELETE_COMPLETE") stacks.push_back(to_stack(s));
    }
    m::DescribeStacksOutput out;
    out.Stacks = std::move(stacks);
    return out;
}

Result<m::ListStacksOutput> list_stacks(StacksService& svc, RequestContext&,
                                        const m::ListStacksInput& in) {
    std::vector<m::StackSummary> out;
    for (const auto& s : svc.store().list()) {
        if (in.StackStatusFilter && !in.StackStatusFilter->empty() &&
            std::find(in.StackStatusFilter->begin(), in.StackStatusFilter->end(), s.status) ==
                in.StackStatusFilter->end())
            continue;
        m::StackSummary e;
        e.StackId = s.id;
        e.StackName = s.name;
        if (!s.description.empty()) e.TemplateDescription = s.description;
        e.CreationTime = time_of(s.created_ms);
        if (s.updated_ms) e.LastUpdatedTime = time_of(s.updated_ms);
        if (s.deleted_ms) e.DeletionTime = time_of(s.deleted_ms);
        e.StackStatus = s.status;
        if (!s.reason.empty()) e.StackStatusReason = s.reason;
        e.DriftInformation = m::StackDriftInformationSummary{"NOT_CHECKED", std::nullopt};
        out.push_back(std::move(e));
    }
    m::ListStacksOutput r;
    r.StackSummaries = std::move(out);
    return r;
}

Result<m::DescribeStackEventsOutput> describe_stack_events(StacksService& svc, RequestContext&,
                                                           const m::DescribeStackEventsInput& in) {
    if (!in.StackName) return stack_not_found("null");
    FRESHET_TRY(s, find_stack(svc, *in.StackName));
    auto events = svc.store().events(s.id);
    size_t start = 0;
    if (in.NextToken) {
        start = std::strtoull(in.NextToken->c_str(), nullptr, 10);
        if (start > events.size()) return ApiError{"ValidationError", "Invalid NextToken", 400};
    }
    m::DescribeStackEventsOutput out;
    std::vector<m::StackEvent> page;
    for (size_t i = start; i < events.size() && page.size() < kEventsPage; ++i) {
        const auto& e = events[i];
        m::StackEvent ev;
        ev.StackId = s.id;
        ev.EventId = e.event_id;
        ev.StackName = s.name;
        ev.LogicalResourceId = e.logical_id;
        ev.PhysicalResourceId = e.physical_id;
        ev.ResourceType = e.type;
        ev.Timestamp = time_of(e.timestamp_ms);
        ev.ResourceStatus = e.status;
        if (!e.reason.empty()) ev.ResourceStatusReason = e.reason;
        if (!e.properties.empty()) ev.ResourceProperties = e.properties;
        page.push_back(std::move(ev));
    }
    if (start + page.size() < events.size()) out.NextToken = std::to_string(start + page.size());
    out.StackEvents = std::move(page);
    return out;
}

Result<m::DescribeStackResourceOutput> describe_stack_resource(
    StacksService& svc, RequestContext&, const m::DescribeStackResourceInput& in) {
    FRESHET_TRY(s, find_stack(svc, in.StackName));
    auto it = s.resources.find(in.LogicalResourceId);
    if (it == s.resources.end() || !listed_resource(it->second))
        return ApiError{"ValidationError",
                        fmt::format("Resource {} does not exist for stack {}", in.LogicalResourceId,
                                    in.StackName),
                        400};
    auto r = to_resource(s, it->second);
    m::StackResourceDetail d;
    d.StackName = r.StackName;
    d.StackId = r.StackId;
    d.LogicalResourceId = r.LogicalResourceId;
    d.PhysicalResourceId = r.PhysicalResourceId;
    d.ResourceType = r.ResourceType;
    d.LastUpdatedTimestamp = r.Timestamp;
    d.ResourceStatus = r.ResourceStatus;
    d.ResourceStatusReason = r.ResourceStatusReason;
    d.Metadata = "{}";
    d.DriftInformation = r.DriftInformation;
    return m::DescribeStackResourceOutput{d};
}

Result<m::DescribeStackResourcesOutput> describe_stack_resources(
    StacksService& svc, RequestContext&, const m::DescribeStackResourcesInput& in) {
    std::optional<StackRecord> found;
    if (in.StackName) {
        FRESHET_TRY(s, find_stack(svc, *in.StackName));
        found = std::move(s);
    } else if (in.PhysicalResourceId) {
        for (auto& s : svc.store().list()) {
            for (const auto& [id, r] : s.resources)
                if (r.state.physical_id == *in.PhysicalResourceId && r.created) found = s;
        }
        if (!found)
            return ApiError{"ValidationError",
                            fmt::format("Stack for {} does not exist", *in.PhysicalResourceId),
                            400};
    } else {
        return ApiError{"ValidationError",
                        "Either StackName or PhysicalResourceId must be specified.", 400};
    }
    std::vector<m::StackResource> out;
    for (const auto& [id, r] : found->resources) {
        if (!listed_resource(r)) continue;
        if (in.LogicalResourceId && id != *in.LogicalResourceId) continue;
        out.push_back(to_resource(*found, r));
    }
    m::DescribeStackResourcesOutput r;
    r.StackResources = std::move(out);
    return r;
}

Result<m::ListStackResourcesOutput> list_stack_resources(StacksService& svc, RequestContext&,
                                                         const m::ListStackResourcesInput& in) {
    FRESHET_TRY(s, find_stack(svc, in.StackName));
    std::vector<m::StackResourceSummary> out;
    for (const auto& [id, r] : s.resources) {
        if (!listed_resource(r)) continue;
        m::StackResourceSummary e;
        e.LogicalResourceId = id;
        if (!r.state.physical_id.empty()) e.PhysicalResourceId = r.state.physical_id;
        e.ResourceType = r.type;
        e.LastUpdatedTimestamp = time_of(r.updated_ms);
        e.ResourceStatus = r.status;
        if (!r.reason.empty()) e.ResourceStatusReason = r.reason;
        e.DriftInformation = m::StackResourceDriftInformationSummary{"NOT_CHECKED", std::nullopt};
        out.push_back(std::move(e));
    }
    m::ListStackResourcesOutput r;
    r.StackResourceSummaries = std::move(out);
    return r;
}

Result<m::ListExportsOutput> list_exports(StacksService& svc, RequestContext&,
                                          const m::ListExportsInput&) {
    std::vector<m::Export> out;
    for (const auto& [name, owner] : svc.store().exports()) {
        m::Export e;
        e.ExportingStackId = owner.first;
        e.Name = name;
        e.Value = owner.second;
        out.push_back(std::move(e));
    }
    m::ListExportsOutput r;
    r.Exports = std::move(out);
    return r;
}

}  // namespace freshet::stacks::api
