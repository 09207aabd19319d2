// GetEventSourceMapping and ListEventSourceMappings (filtered by stream and function,
// paginated with Marker and MaxItems).
#include <algorithm>

#include "mappings/api/config.h"

namespace freshet::mappings {

Result<model::EventSourceMappingConfiguration> get_mapping(
    MappingsService& s, RequestContext&, const model::GetEventSourceMappingRequest& in) {
    auto m = s.store().get(in.UUID);
    if (!m) return MappingsService::not_found();
    return s.view(*m);
}

Result<model::ListEventSourceMappingsResponse> list_mappings(
    MappingsService& s, RequestContext&, const model::ListEventSourceMappingsRequest& in) {
    std::optional<std::string> function_arn;
    if (in.FunctionName) {
        FRESHET_TRY(fn, resolve_function(s, *in.FunctionName));
        function_arn = fn.arn;
    }
    auto all = s.store().list();
    std::vector<store::MappingRecord> matching;
    for (auto& m : all) {
        if (in.EventSourceArn && m.config.EventSourceArn != in.EventSourceArn) continue;
        if (function_arn && m.config.FunctionArn != function_arn) continue;
        matching.push_back(std::move(m));
    }
    // The marker is the last UUID of the previous page (mappings are listed by UUID).
    size_t begin = 0;
    if (in.Marker) {
        auto it = std::find_if(matching.begin(), matching.end(),
                               [&](const auto& m) { return *m.config.UUID == *in.Marker; });
        if (it == matching.end()) return invalid_parameter("Invalid marker: " + *in.Marker);
        begin = static_cast<size_t>(it - matching.begin()) + 1;
    }
    const size_t limit = static_cast<size_t>(in.MaxItems.value_or(100));
    model::ListEventSourceMappingsResponse out;
    out.EventSourceMappings.emplace();
    for (size_t i = begin; i < matching.size() && out.EventSourceMappings->size() < limit; ++i)
        out.EventSourceMappings->push_back(s.view(matching[i]));
    if (begin + out.EventSourceMappings->size() < matching.size())
        out.NextMarker = *out.EventSourceMappings->back().UUID;
    return out;
}

}  // namespace freshet::mappings
