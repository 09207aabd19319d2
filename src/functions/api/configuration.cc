// The FunctionConfiguration document every function action returns, as Lambda fills it.
#include "functions/service.h"

namespace freshet::functions {

model::FunctionConfiguration FunctionsService::configuration(
    const RequestContext& ctx, const store::FunctionRecord& f,
    const std::string& arn_qualifier) const {
    model::FunctionConfiguration c;
    c.FunctionName = f.name;
    c.FunctionArn = qualified_arn(ctx, f.name, arn_qualifier);
    c.Runtime = f.runtime;
    c.Role = f.role;
    c.Handler = f.handler;
    c.CodeSize = f.code_size;
    c.Description = f.description;
    c.Timeout = f.timeout;
    c.MemorySize = f.memory_size;
    c.LastModified = f.last_modified;
    c.CodeSha256 = f.code_sha256;
    c.Version = f.version;
    model::EnvironmentResponse env;
    env.Variables = f.environment;
    if (!f.environment.empty()) c.Environment = env;
    model::TracingConfigResponse tracing;
    tracing.Mode = "PassThrough";
    c.TracingConfig = tracing;
    c.RevisionId = f.revision_id;
    // Creation is synchronous here: a function is Active as soon as it is stored.
    c.State = "Active";
    // A published version is never updated: Lambda reports no LastUpdateStatus for it.
    if (f.version == "$LATEST") c.LastUpdateStatus = "Successful";
    c.PackageType = "Zip";
    c.Architectures = std::vector<std::string>{"x86_64"};
    model::EphemeralStorage storage;
    storage.Size = 512;
    c.EphemeralStorage = storage;
    return c;
}

}  // namespace freshet::functions
