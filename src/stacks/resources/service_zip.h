// CloudFormation's inline function code (AWS::Lambda::Function Code.ZipFile): the source text
// goes into a zip as `index.js` (Node.js runtimes) or `index.py` (Python runtimes), with the
// cfn-response module beside it (`node_modules/cfn-response/index.js` / `cfnresponse.py`), as
// CloudFormation documents ("The cfn-response module is available only when you use the ZipFile
// property").
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace freshet::stacks::svc {

// The files of the package for `runtime`, or nullopt-like empty vector when CloudFormation
// does not support inline code for it (only nodejs* and python*).
std::vector<std::pair<std::string, std::string>> inline_code_files(std::string_view runtime,
                                                                   std::string_view source);

// A zip of `files` (name, content), each readable by everyone (0644). Thread-safe.
Result<std::string> make_zip(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace freshet::stacks::svc
