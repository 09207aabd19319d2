// Glob matching as IAM does it: `*` matches any run of characters (also empty), `?` exactly
// one. Pure functions, thread-safe.
#pragma once

#include <string_view>

namespace freshet::iam::policy {

// Case-sensitive glob (resources, StringLike).
bool glob_match(std::string_view pattern, std::string_view text);
// Case-insensitive glob (action names: IAM compares them without case).
bool glob_match_ci(std::string_view pattern, std::string_view text);
// ArnLike/ArnEquals: each of the six colon-separated fields is globbed on its own, so `*` in
// one field does not reach into the next (the last field, the resource, may contain colons).
bool arn_match(std::string_view pattern, std::string_view arn);

}  // namespace freshet::iam::policy
