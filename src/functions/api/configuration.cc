// The FunctionConfiguration document every function action returns, as Lambda fills it.
#include "functions/service.h"

namespace freshet::functions {

model::FunctionConfiguration FunctionsService::configuration(const RequestContext& ctx,
                                                             const store::FunctionRecord& f) const {
    model::FunctionConfiguration c;
    c.FunctionName = f.name;
    c.FunctionArn = arn(ctx, f.name);
    c.Runtime = f.runtime;
    c.Role = f.role;
    c.Handler = f.handler;
    c.CodeSize = f.code_size;
    c.Description = f.description;
    c.Timeout = f.timeout;
    c.MemorySize = f.memory_size;
    c.LastModified = f.last_modified;
    c.CodeSha256 = f.code_sha256;
    c.Version = "$LATEST";
    model::EnvironmentResponse env;
    env.Variables = f.environment;
    if (!f.environment.empty()) c.Environment = env;
    model::TracingConfigResponse tracing;
    tracing.Mode = "PassThrough";
    c.TracingConfig = tracing;
    c.RevisionId = f.revision_id;
    // Creation is synchronous here: a function is Active as soon as it is stored.
    c.State = "Active";
    c.LastUpdateStatus = "Successful";
    c.PackageType = "Zip";
    c.Architectures = std::vector<std::string>{"x86_64"};
    model::EphemeralStorage storage;
    storage.Size = 512;
    c.EphemeralStorage = storage;
    return c;
}

}  // namespace freshet::functions
