// GetFunction and GetFunctionConfiguration.
#include "functions/service.h"

namespace freshet::functions {

Result<model::FunctionConfiguration> get_function_configuration(
    FunctionsService& s, RequestContext& ctx, const model::GetFunctionConfigurationRequest& in) {
    FRESHET_TRY(name, s.resolve(ctx, in.FunctionName, in.Qualifier));
    FRESHET_TRY(f, s.load(ctx, name));
    return s.configuration(ctx, f);
}

Result<model::GetFunctionResponse> get_function(FunctionsService& s, RequestContext& ctx,
                                                const model::GetFunctionRequest& in) {
    FRESHET_TRY(name, s.resolve(ctx, in.FunctionName, in.Qualifier));
    FRESHET_TRY(f, s.load(ctx, name));
    model::GetFunctionResponse out;
    out.Configuration = s.configuration(ctx, f);
    model::FunctionCodeLocation code;
    code.RepositoryType = "S3";
    // Lambda answers a presigned S3 URL to the package; until the objects service exists the
    // package is not downloadable, and the location says where it is kept instead.
    code.Location = "freshet://functions/code/" + f.code_sha256;
    out.Code = code;
    return out;
}

}  // namespace freshet::functions
