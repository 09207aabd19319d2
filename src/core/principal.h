// Who is making a request, as established by SigV4 verification.
#pragma once

#include <string>

#include "core/clock.h"

namespace freshet {

// Persisted in sessions: append only, never reorder or remove.
enum class PrincipalType : uint8_t { Root = 0, User = 1, AssumedRole = 2, Service = 3 };

struct Principal {
    PrincipalType type = PrincipalType::Root;
    std::string account_id;
    // The caller's ARN as GetCallerIdentity reports it: arn:aws:iam::<acct>:root,
    // arn:aws:iam::<acct>:user/<path><name>, arn:aws:sts::<acct>:assumed-role/<role>/<session>.
    std::string arn;
    // GetCallerIdentity's UserId: the account id for root, AIDA... for users,
    // AROA...:<session> for assumed roles.
    std::string user_id;
    // User name (users) or role name (assumed roles); empty for root.
    std::string name;
    // For assumed roles: the role's IAM ARN, whose policies apply, and the session name.
    std::string role_arn;
    std::string session_name;
    std::string access_key_id;
    // Temporary credentials expire; long-term ones have no expiry (TimePoint::max()).
    TimePoint expires = TimePoint::max();

    bool is_root() const { return type == PrincipalType::Root; }
};

}  // namespace freshet
