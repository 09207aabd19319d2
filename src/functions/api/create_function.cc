// CreateFunction: a zip package (Code.ZipFile) becomes a function. The role must be one Lambda
// can assume; code from S3 needs the objects service, which is not there yet.
#include <fmt/format.h>

#include "core/ids.h"
#include "functions/code.h"
#include "functions/service.h"

namespace freshet::functions {

namespace {

// Lambda's LastModified: 2026-11-26T14:52:39.123+0000.
std::string last_modified(const RequestContext& ctx) {
    std::string iso = iso8601(ctx.clock->now(), true);
    return iso.substr(0, iso.size() - 1) + "+0000";
}

}  // namespace

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
    if (in.Code.S3Bucket) {
        // No object store yet: the bucket cannot exist, and that is what Lambda reports.
        return lambda_error("InvalidParameterValueException",
                            fmt::format("Error occurred while GetObject. S3 Error Code: "
                                        "NoSuchBucket. S3 Error Message: The specified bucket "
                                        "does not exist"),
                            400);
    }
    if (!in.Code.ZipFile) {
        return lambda_error("InvalidParameterValueException",
                            "Please provide a source for function code.", 400);
    }
    FRESHET_TRY(name, s.resolve(ctx, in.FunctionName, std::nullopt));
    // Lambda checks the role when the function is created, not at its first invocation.
    auto creds = s.role_credentials(in.Role, name);
    if (!creds.ok()) {
        return lambda_error("InvalidParameterValueException",
                            "The role defined for the function cannot be assumed by Lambda.", 400);
    }
    const std::string& zip = *in.Code.ZipFile;
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
    FRESHET_TRY(dir, s.code_dir(f, &zip));  // a zip that does not unpack is refused now
    (void)dir;
    FRESHET_CHECK(s.store().create(
        f, zip, lambda_error("ResourceConflictException", "Function already exist: " + name, 409)));
    return s.configuration(ctx, f);
}

}  // namespace freshet::functions
