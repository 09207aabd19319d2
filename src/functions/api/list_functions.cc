// ListFunctions: in name order, MaxItems (default 50) with NextMarker. FunctionVersion ALL
// lists every function's $LATEST and published versions, with qualified ARNs; its marker is
// "<name>:<version>" of the last entry answered.
#include "functions/service.h"

namespace freshet::functions {

namespace {

Result<model::ListFunctionsResponse> list_all_versions(FunctionsService& s,
                                                       const RequestContext& ctx,
                                                       const std::string& marker, size_t limit) {
    // Resume inside the marker's function, after its version.
    std::string from = marker.substr(0, marker.find(':'));
    std::string after_version =
        marker.find(':') == std::string::npos ? "" : marker.substr(marker.find(':') + 1);
    std::vector<store::FunctionRecord> entries;
    if (!after_version.empty()) {
        int64_t after = version_number(after_version).value_or(0);
        auto versions = s.store().versions(from, after, limit + 1);
        entries.insert(entries.end(), versions.begin(), versions.end());
    }
    std::string cursor = from;  // the next functions come after this one
    while (entries.size() <= limit) {
        auto next = s.store().list(cursor, 1);
        if (next.empty()) break;
        cursor = next[0].name;
        entries.push_back(next[0]);
        auto versions = s.store().versions(cursor, 0, limit + 1);
        entries.insert(entries.end(), versions.begin(), versions.end());
    }
    model::ListFunctionsResponse out;
    std::vector<model::FunctionConfiguration> functions;
    for (size_t i = 0; i < entries.size() && i < limit; ++i)
        functions.push_back(s.configuration(ctx, entries[i], entries[i].version));
    if (entries.size() > limit)
        out.NextMarker = entries[limit - 1].name + ":" + entries[limit - 1].version;
    out.Functions = std::move(functions);
    return out;
}

}  // namespace

Result<model::ListFunctionsResponse> list_functions(FunctionsService& s, RequestContext& ctx,
                                                    const model::ListFunctionsRequest& in) {
    size_t limit = static_cast<size_t>(in.MaxItems.value_or(50));
    if (in.FunctionVersion && *in.FunctionVersion == "ALL")
        return list_all_versions(s, ctx, in.Marker.value_or(""), limit);
    std::string marker = in.Marker.value_or("");
    auto page = s.store().list(marker.substr(0, marker.find(':')), limit + 1);
    model::ListFunctionsResponse out;
    std::vector<model::FunctionConfiguration> functions;
    for (size_t i = 0; i < page.size() && i < limit; ++i) {
        functions.push_back(s.configuration(ctx, page[i]));
    }
    if (page.size() > limit) out.NextMarker = page[limit - 1].name;
    out.Functions = std::move(functions);
    return out;
}

}  // namespace freshet::functions
