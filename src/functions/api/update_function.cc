// UpdateFunctionCode and UpdateFunctionConfiguration: a new revision; environments of the old
// one are retired (busy ones finish their invocation first). RevisionId guards concurrent
// updates as on Lambda.
#include <fmt/format.h>

#include "core/ids.h"
#include "functions/code.h"
#include "functions/service.h"

namespace freshet::functions {

namespace {

ApiError stale_revision() {
    return lambda_error("PreconditionFailedException",
                        "The Revision Id provided does not match the latest Revision Id. Call "
                        "the GetFunction/GetAlias API to retrieve the latest Revision Id",
                        412);
}

Result<store::FunctionRecord> load_for_update(FunctionsService& s, const RequestContext& ctx,
                                              const std::string& name_or_arn,
                                              const std::optional<std::string>& revision) {
    FRESHET_TRY(name, s.resolve(ctx, name_or_arn, std::nullopt));
    FRESHET_TRY(f, s.load(ctx, name));
    if (revision && *revision != f.revision_id) return stale_revision();
    return f;
}

std::string now_modified(const RequestContext& ctx) {
    std::string iso = iso8601(ctx.clock->now(), true);
    return iso.substr(0, iso.size() - 1) + "+0000";
}

}  // namespace

Result<model::FunctionConfiguration> update_function_code(
    FunctionsService& s, RequestContext& ctx, const model::UpdateFunctionCodeRequest& in) {
    FRESHET_TRY(f, load_for_update(s, ctx, in.FunctionName, in.RevisionId));
    if (in.S3Bucket) {
        return lambda_error("InvalidParameterValueException",
                            "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 "
                            "Error Message: The specified bucket does not exist",
                            400);
    }
    if (!in.ZipFile) {
        return lambda_error("InvalidParameterValueException",
                            "Please provide a source for function code.", 400);
    }
    std::string old_revision = f.revision_id;
    f.code_sha256 = code_sha256(*in.ZipFile);
    f.code_size = static_cast<int64_t>(in.ZipFile->size());
    FRESHET_TRY(dir, s.code_dir(f, &*in.ZipFile));
    (void)dir;
    f.last_modified = now_modified(ctx);
    f.revision_id = ids::uuid4();
    FRESHET_CHECK(s.store().update(f, old_revision, &*in.ZipFile, stale_revision()));
    s.pool().retire(f.name);
    return s.configuration(ctx, f);
}

Result<model::FunctionConfiguration> update_function_configuration(
    FunctionsService& s, RequestContext& ctx, const model::UpdateFunctionConfigurationRequest& in) {
    FRESHET_TRY(f, load_for_update(s, ctx, in.FunctionName, in.RevisionId));
    if (in.Role && *in.Role != f.role) {
        if (!s.role_credentials(*in.Role, f.name).ok()) {
            return lambda_error("InvalidParameterValueException",
                                "The role defined for the function cannot be assumed by Lambda.",
                                400);
        }
        f.role = *in.Role;
    }
    if (in.Runtime) f.runtime = *in.Runtime;
    if (in.Handler) f.handler = *in.Handler;
    if (in.Description) f.description = *in.Description;
    if (in.Timeout) f.timeout = *in.Timeout;
    if (in.MemorySize) f.memory_size = *in.MemorySize;
    if (in.Environment)
        f.environment = in.Environment->Variables.value_or(std::map<std::string, std::string>{});
    std::string old_revision = f.revision_id;
    f.last_modified = now_modified(ctx);
    f.revision_id = ids::uuid4();
    FRESHET_CHECK(s.store().update(f, old_revision, nullptr, stale_revision()));
    s.pool().retire(f.name);
    return s.configuration(ctx, f);
}

}  // namespace freshet::functions
