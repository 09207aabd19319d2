// The runtimes Freshet runs and how: every `nodejsX.y` name (including the old `nodejs`,
// `nodejs4.3`, `nodejs6.10`...) on the machine's Node.js with runtimes/nodejs/bootstrap.js,
// every `python3.x` on its Python 3 with runtimes/python/bootstrap.py, and `provided`,
// `provided.al2`, `provided.al2023` with the function's own `bootstrap` executable.
#pragma once

#include <string>

#include "core/result.h"
#include "functions/runtime/instance.h"
#include "functions/runtime/process.h"

namespace freshet::functions::runtime {

enum class Language { NodeJs, Python, Provided, Unknown };

Language language_of(const std::string& runtime);

// The command and the whole environment of a function process, as Lambda sets it: _HANDLER,
// AWS_LAMBDA_* (name, version, memory, log group and stream, runtime API), AWS_REGION,
// AWS_DEFAULT_REGION, AWS_EXECUTION_ENV, LAMBDA_TASK_ROOT, LAMBDA_RUNTIME_DIR, TZ=:UTC, LANG,
// PATH, then the function's variables, then the platform's (credentials, endpoint), which the
// function cannot override.
Result<ProcessSpec> process_spec(const FunctionConfig& config, const RuntimeLayout& layout,
                                 const std::string& runtime_api);

}  // namespace freshet::functions::runtime
