// CreateFunction: a zip package (Code.ZipFile, or an S3 object read through the in-process
// client: s3_code.h) becomes a function. The role must be one Lambda can assume.
#include <fmt/format.h>

#include "core/ids.h"
#include "functions/code.h"
#include "functions/s3_code.h"
#include "functions/service.h"

namespace freshet::functions {

Result<model::FunctionConfiguration> create_function(FunctionsService& s, RequestContext& ctx,
                                                     const model::CreateFunctionRequest& in) {
    if (in.PackageType && *in.PackageType == "Image") {
        return lambda_error("InvalidParameterValueException",
                            "Container images are not supported by this Lambda.", 400);
    }
    if (!in.Runtime || !in.Handler) {
        return lambda_error("InvalidParameterValueException",
                            "Runtime and Handler are mandatory parameters for functions created "
                            "with deployment packages.",
                            400);
    }
    std::string s3_zip;
    if (in.Code.S3Bucket) {
        FRESHET_TRY(fetched, fetch_s3_code(s, ctx, *in.Code.S3Bucket, in.Code.S3Key,
                                           in.Code.S3ObjectVersion));
        s3_zip = std::move(fetched);
    } else if (!in.Code.ZipFile) {
        return lambda_error("InvalidParameterValueException",
                            "Please provide a source for function code.", 400);
    }
    FRESHET_TRY(name, s.resolve_name(ctx, in.FunctionName));
    if (in.Tags && in.Tags->size() > 50) {
        return lambda_error("InvalidParameterValueException",
                            "Number of tags exceeds resource tag limit.", 400);
    }
    // Lambda checks the role when the function is created, not at its first invocation.
    auto creds = s.role_credentials(in.Role, name);
    if (!creds.ok()) {
        return lambda_error("InvalidParameterValueException",
                            "The role defined for the function cannot be assumed by Lambda.", 400);
    }
    const std::string& zip = in.Code.S3Bucket ? s3_zip : *in.Code.ZipFile;
    store::FunctionRecord f;
    f.name = name;
    f.runtime = *in.Runtime;
    f.role = in.Role;
    f.handler = *in.Handler;
    f.description = in.Description.value_or("");
    f.timeout = in.Timeout.value_or(3);
    f.memory_size = in.MemorySize.value_or(128);
    if (in.Environment && in.Environment->Variables) f.environment = *in.Environment->Variables;
    f.code_sha256 = code_sha256(zip);
    f.code_size = static_cast<int64_t>(zip.size());
    f.last_modified = last_modified(ctx);
    f.revision_id = ids::uuid4();
    f.internal_revision = f.revision_id;
    if (in.Tags) f.tags = *in.Tags;
    FRESHET_TRY(dir, s.code_dir(f, &zip));  // a zip that does not unpack is refused now
    (void)dir;
    FRESHET_CHECK(s.store().create(
        f, zip, lambda_error("ResourceConflictException", "Function already exist: " + name, 409)));
    if (in.Publish.value_or(false)) {
        // Lambda answers the new version's configuration, with its unqualified ARN.
        FRESHET_TRY(version, publish(s, ctx, name, std::nullopt, std::nullopt, std::nullopt));
        return s.configuration(ctx, version);
    }
    return s.configuration(ctx, f);
}

}  // namespace freshet::functions
