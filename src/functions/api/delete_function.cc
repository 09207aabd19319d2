// DeleteFunction: the function goes; its warm environments end.
#include "functions/service.h"

namespace freshet::functions {

Result<NoOutput> delete_function(FunctionsService& s, RequestContext& ctx,
                                 const model::DeleteFunctionRequest& in) {
    FRESHET_TRY(name, s.resolve(ctx, in.FunctionName, in.Qualifier));
    FRESHET_TRY(f, s.load(ctx, name));
    FRESHET_CHECK(s.store().remove(f.name));
    s.pool().retire(f.name);
    return NoOutput{};
}

}  // namespace freshet::functions
