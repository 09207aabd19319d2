// `freshet logs FUNCTION_OR_GROUP [--since 10m] [--follow]`: prints a log group's events
// through CloudWatch Logs' FilterLogEvents, over the HTTP API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cli/commands.h"

namespace freshet::cli {

struct LogsOptions {
    std::string target;  // a log group ("/aws/lambda/f", anything with a '/'), or a function
    std::string since = "10m";
    bool follow = false;
};

// The log group a target names: itself when it holds a '/', else "/aws/lambda/<target>".
std::string log_group_of(std::string_view target);
// "90s", "10m", "2h", "1d" (or a plain number of seconds) in milliseconds; nullopt otherwise.
std::optional<int64_t> parse_since(std::string_view text);

int logs(const ClientOptions& options, const LogsOptions& l);

}  // namespace freshet::cli
