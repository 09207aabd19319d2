// STS as a C++ API: temporary credentials for roles and users, shared by the STS service
// (AssumeRole, GetSessionToken over HTTP) and by services that run code as a role (Lambda
// functions get their role's credentials through assume_role_for_service).
//
// Temporary credentials are an ASIA... key id, a secret and a session token, stored (sealed)
// in IamStore until they expire; requests signed with them carry the session's principal,
// and after the expiry the dispatcher answers ExpiredToken(Exception) "The security token
// included in the request is expired".
//
// Thread safety: every method may be called from any thread (they block on a durable write).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/principal.h"
#include "core/result.h"
#include "core/service.h"

namespace freshet::iam {

namespace store {
class IamStore;
}
class PolicyAuthorizer;

struct TemporaryCredentials {
    std::string access_key_id;  // ASIA...
    std::string secret_access_key;
    std::string session_token;
    TimePoint expiration;
    Principal principal;  // who requests signed with them act as
};

// AWS's bounds: AssumeRole 900 s to the role's MaxSessionDuration (default 3600);
// GetSessionToken 900 s to 129,600 s (default 43,200), at most 3,600 s for the root user.
inline constexpr std::chrono::seconds kDefaultRoleSession{3600};
inline constexpr std::chrono::seconds kDefaultUserSession{43200};

class Sts {
  public:
    Sts(store::IamStore& store, const PolicyAuthorizer& authorizer)
        : store_(store), authorizer_(authorizer) {}

    // AssumeRole for the caller of a request: the role's trust policy must allow the caller
    // (and, unless it names the caller's ARN itself, the caller's identity policies must allow
    // sts:AssumeRole on the role). Denials are AccessDenied/403 with AWS's message.
    Result<TemporaryCredentials> assume_role(
        const RequestContext& caller, const std::string& role_arn, const std::string& session_name,
        std::chrono::seconds duration, const std::optional<std::string>& external_id = {}) const;

    // For services acting as a role (Lambda): the trust policy must allow `service` as a
    // Service principal. `duration` must be within the role's MaxSessionDuration.
    Result<TemporaryCredentials> assume_role_for_service(
        const std::string& role_arn, const std::string& session_name, std::chrono::seconds duration,
        const std::string& service = "lambda.amazonaws.com",
        const Clock& clock = system_clock()) const;

    // GetSessionToken: the caller's own identity, temporarily.
    Result<TemporaryCredentials> get_session_token(const RequestContext& caller,
                                                   std::optional<int64_t> duration_seconds) const;

  private:
    Result<TemporaryCredentials> mint(Principal principal, TimePoint expiration) const;
    store::IamStore& store_;
    const PolicyAuthorizer& authorizer_;
};

}  // namespace freshet::iam
