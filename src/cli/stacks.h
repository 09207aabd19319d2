// CloudFormation calls shared by `freshet deploy` and friends (stacks.cc) and `freshet demo`.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "core/result.h"

namespace freshet::cli {

struct StackInfo {
    std::string id, name, status, reason;
    std::vector<std::pair<std::string, std::string>> outputs;
};

// DescribeStacks of one stack (by name or id). A stack CloudFormation does not know is
// ValidationError "Stack with id NAME does not exist" (is_stack_not_found).
Result<StackInfo> describe_stack(const ClientOptions& options, const std::string& name_or_id);
bool is_stack_not_found(const ApiError& e);

// The physical id of one of the stack's resources (DescribeStackResource).
Result<std::string> stack_resource_id(const ClientOptions& options, const std::string& stack,
                                      const std::string& logical_id);

}  // namespace freshet::cli
