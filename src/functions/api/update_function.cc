// UpdateFunctionCode and UpdateFunctionConfiguration: a new revision; environments of the old
// one are retired (busy ones finish their invocation first). RevisionId guards concurrent
// updates as on Lambda.
#include <fmt/format.h>

#include "core/ids.h"
#include "functions/code.h"
#include "functions/s3_code.h"
#include "functions/service.h"

namespace freshet::functions {

namespace {

Result<store::FunctionRecord> load_for_update(FunctionsService& s, const RequestContext& ctx,
                                              const std::string& name_or_arn,
                                              const std::optional<std::string>& revision) {
    FRESHET_TRY(name, s.resolve_name(ctx, name_or_arn));
    FRESHET_TRY(f, s.load(ctx, name));
    if (revision && *revision != f.revision_id) return stale_revision();
    return f;
}

}  // namespace

Result<model::FunctionConfiguration> update_function_code(
    FunctionsService& s, RequestContext& ctx, const model::UpdateFunctionCodeRequest& in) {
    FRESHET_TRY(f, load_for_update(s, ctx, in.FunctionName, in.RevisionId));
    std::string s3_zip;
    if (in.S3Bucket) {
        FRESHET_TRY(fetched, fetch_s3_code(s, ctx, *in.S3Bucket, in.S3Key, in.S3ObjectVersion));
        s3_zip = std::move(fetched);
    } else if (!in.ZipFile) {
        return lambda_error("InvalidParameterValueException",
                            "Please provide a source for function code.", 400);
    }
    const std::string& zip = in.S3Bucket ? s3_zip : *in.ZipFile;
    std::string old_revision = f.revision_id;
    f.code_sha256 = code_sha256(zip);
    f.code_size = static_cast<int64_t>(zip.size());
    FRESHET_TRY(dir, s.code_dir(f, &zip));
    (void)dir;
    f.last_modified = last_modified(ctx);
    f.revision_id = ids::uuid4();
    f.internal_revision = f.revision_id;
    FRESHET_CHECK(s.store().update(f, old_revision, &zip, stale_revision()));
    s.pool().retire(f.name);
    if (in.Publish.value_or(false)) {
        // Lambda answers the new version's configuration, with its qualified ARN.
        FRESHET_TRY(version, publish(s, ctx, f.name, std::nullopt, std::nullopt, std::nullopt));
        return s.configuration(ctx, version, version.version);
    }
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
    f.last_modified = last_modified(ctx);
    f.revision_id = ids::uuid4();
    f.internal_revision = f.revision_id;
    FRESHET_CHECK(s.store().update(f, old_revision, nullptr, stale_revision()));
    s.pool().retire(f.name);
    return s.configuration(ctx, f);
}

}  // namespace freshet::functions
