#include "functions/runtime/runtimes.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/clock.h"
#include "core/ids.h"

namespace freshet::functions::runtime {

Language language_of(const std::string& runtime) {
    if (runtime.rfind("nodejs", 0) == 0) return Language::NodeJs;
    if (runtime.rfind("python3", 0) == 0) return Language::Python;
    if (runtime == "provided" || runtime.rfind("provided.", 0) == 0) return Language::Provided;
    return Language::Unknown;
}

Result<ProcessSpec> process_spec(const FunctionConfig& c, const RuntimeLayout& layout,
                                 const std::string& runtime_api) {
    ProcessSpec spec;
    spec.working_dir = c.code_dir;
    auto& env = spec.environment;
    switch (language_of(c.runtime)) {
        case Language::NodeJs:
            spec.argv = {layout.node, layout.runtimes_dir + "/nodejs/bootstrap.js"};
            env["NODE_PATH"] = layout.sdk_node_path;
            break;
        case Language::Python:
            spec.argv = {layout.python, layout.runtimes_dir + "/python/bootstrap.py"};
            env["PYTHONPATH"] = c.code_dir;
            break;
        case Language::Provided:
            spec.argv = {c.code_dir + "/bootstrap"};
            break;
        case Language::Unknown:
            return ApiError{"InvalidParameterValueException",
                            fmt::format("The runtime parameter of {} is not supported.", c.runtime),
                            400};
    }
    // AWS's log stream names: 2026/11/26/[$LATEST]<32 hex digits>.
    std::string day = iso8601(system_clock().now()).substr(0, 10);
    for (char& ch : day) ch = ch == '-' ? '/' : ch;
    std::string hex = ids::uuid4();
    hex.erase(std::remove(hex.begin(), hex.end(), '-'), hex.end());
    std::string stream = fmt::format("{}/[{}]{}", day, c.version, hex);
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin";
    env["LANG"] = "en_US.UTF-8";
    env["TZ"] = ":UTC";
    env["_HANDLER"] = c.handler;
    env["LAMBDA_TASK_ROOT"] = c.code_dir;
    env["LAMBDA_RUNTIME_DIR"] = layout.runtimes_dir;
    env["AWS_LAMBDA_RUNTIME_API"] = runtime_api;
    env["AWS_LAMBDA_FUNCTION_NAME"] = c.name;
    env["AWS_LAMBDA_FUNCTION_VERSION"] = c.version;
    env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = std::to_string(c.memory_mb);
    env["AWS_LAMBDA_FUNCTION_TIMEOUT"] = std::to_string(c.timeout_s);
    env["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
    env["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + c.name;
    env["AWS_LAMBDA_LOG_STREAM_NAME"] = stream;
    if (language_of(c.runtime) != Language::Provided) {
        env["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + c.runtime;
    }
    if (!c.tmp_dir.empty()) env["TMPDIR"] = c.tmp_dir;
    for (const auto& [k, v] : c.environment) env[k] = v;
    for (const auto& [k, v] : c.platform_environment) env[k] = v;
    if (env.count("AWS_REGION") && !env.count("AWS_DEFAULT_REGION"))
        env["AWS_DEFAULT_REGION"] = env["AWS_REGION"];
    return spec;
}

}  // namespace freshet::functions::runtime
