// Identifiers in the formats AWS uses.
#pragma once

#include <string>

namespace freshet::ids {

// A random UUID (version 4), lowercase: AWS's request ids.
std::string uuid4();
// A 12-digit AWS account id, not starting with 0.
std::string account_id();
// Access key ids: "AKIA" (long-term) or "ASIA" (temporary) and 16 characters of [A-Z2-7].
std::string access_key_id(bool temporary);
// A 40-character secret access key (base64 alphabet without padding).
std::string secret_access_key();
// Unique ids of IAM principals: a 4-letter prefix ("AIDA" users, "AROA" roles, "AGPA" groups,
// "ANPA" policies) and 17 characters of [A-Z2-7].
std::string iam_unique_id(const char* prefix);

}  // namespace freshet::ids
