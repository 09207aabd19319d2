// GetFunction and GetFunctionConfiguration, of $LATEST, a version or an alias: a qualified
// name answers the qualified ARN (an alias's ARN ends with the alias) and that version's
// configuration.
#include "functions/service.h"

namespace freshet::functions {

namespace {

Result<model::FunctionConfiguration> qualified_configuration(
    FunctionsService& s, const RequestContext& ctx, const std::string& name_or_arn,
    const std::optional<std::string>& qualifier, Resolved* resolved_out = nullptr) {
    FRESHET_TRY(ref, s.parse(ctx, name_or_arn, qualifier));
    FRESHET_TRY(r, s.resolve(ctx, ref));
    if (resolved_out) *resolved_out = r;
    return s.configuration(ctx, r.config, ref.qualifier);
}

}  // namespace

Result<model::FunctionConfiguration> get_function_configuration(
    FunctionsService& s, RequestContext& ctx, const model::GetFunctionConfigurationRequest& in) {
    return qualified_configuration(s, ctx, in.FunctionName, in.Qualifier);
}

Result<model::GetFunctionResponse> get_function(FunctionsService& s, RequestContext& ctx,
                                                const model::GetFunctionRequest& in) {
    Resolved r;
    FRESHET_TRY(config, qualified_configuration(s, ctx, in.FunctionName, in.Qualifier, &r));
    model::GetFunctionResponse out;
    out.Configuration = config;
    model::FunctionCodeLocation code;
    code.RepositoryType = "S3";
    // Lambda answers a presigned S3 URL to the package; until the objects service exists the
    // package is not downloadable, and the location says where it is kept instead.
    code.Location = "freshet://functions/code/" + r.config.code_sha256;
    out.Code = code;
    if (!r.function.tags.empty()) out.Tags = r.function.tags;
    if (r.function.reserved_concurrency) {
        model::Concurrency c;
        c.ReservedConcurrentExecutions = *r.function.reserved_concurrency;
        out.Concurrency = c;
    }
    return out;
}

}  // namespace freshet::functions
