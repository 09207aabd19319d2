// The subset of CloudWatch Logs' filter pattern syntax Freshet matches (FilterLogEvents):
//   ERROR timeout        every term must occur in the message (AND)
//   "Task timed out"     a quoted phrase, matched as written (\" and \\ escape inside)
//   -DEBUG               a term or phrase that must not occur
//   ?ERROR ?WARN         at least one of the ?-terms must occur
// Matching is case sensitive and by substring, as AWS matches unstructured events. An empty
// pattern matches every event. JSON patterns ({ $.level = "x" }), space-delimited patterns
// ([ip, user, ...]) and regular expressions (%...%) are not supported: parse() rejects them
// with InvalidParameterException (see docs/compatibility/logs.md).
//
// Thread safety: a FilterPattern is an immutable value once parsed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace freshet::logs {

struct FilterPattern {
    std::vector<std::string> all_of;
    std::vector<std::string> none_of;
    std::vector<std::string> any_of;

    static Result<FilterPattern> parse(std::string_view text);
    bool matches(std::string_view message) const;
};

}  // namespace freshet::logs
