// CloudWatch Logs' errors, worded as AWS words them. Sources for each text are in
// docs/compatibility/logs.md (AWS-recorded test suites and client reports).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace freshet::logs::errors {

// ResourceNotFoundException "The specified log group does not exist."
ApiError group_not_found();
// ResourceNotFoundException "The specified log stream does not exist."
ApiError stream_not_found();
// ResourceAlreadyExistsException "The specified log group already exists"
ApiError group_exists();
// ResourceAlreadyExistsException "The specified log stream already exists"
ApiError stream_exists();
// InvalidParameterException with the given message.
ApiError invalid_parameter(std::string message);
// InvalidParameterException "The specified nextToken is invalid."
ApiError invalid_token();

}  // namespace freshet::logs::errors
