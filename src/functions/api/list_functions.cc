// ListFunctions: in name order, MaxItems (default 50) with NextMarker.
#include "functions/service.h"

namespace freshet::functions {

Result<model::ListFunctionsResponse> list_functions(FunctionsService& s, RequestContext& ctx,
                                                    const model::ListFunctionsRequest& in) {
    size_t limit = static_cast<size_t>(in.MaxItems.value_or(50));
    auto page = s.store().list(in.Marker.value_or(""), limit + 1);
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
