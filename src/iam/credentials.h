// Where the dispatcher finds who signed a request, and asks whether they may do what they ask.
//
// Implementations: RootAccount (the root key), store::IamStore (IAM users' keys and STS
// sessions), CredentialChain (both, for the dispatcher), PolicyAuthorizer (policy_authorizer.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/principal.h"
#include "core/result.h"
#include "core/service.h"

namespace freshet::iam {

struct Credential {
    std::string secret_access_key;
    std::string session_token;  // non-empty for temporary credentials: requests must carry it
    Principal principal;        // principal.expires bounds temporary credentials
    bool active = true;         // an inactive key is refused like an unknown one
};

// Contract: thread-safe; find() is on every request's path and must not do blocking IO
// beyond a storage read.
class CredentialStore {
  public:
    virtual ~CredentialStore() = default;
    virtual std::optional<Credential> find(std::string_view access_key_id) const = 0;
};

// The decision for one request. Contract: thread-safe, pure with respect to its inputs and
// the policies stored when it is called.
class Authorizer {
  public:
    virtual ~Authorizer() = default;
    // `action` is IAM's name ("kinesis:PutRecord"), `resource` the ARN the action derives
    // from its input. Returns an AccessDenied-kind error with AWS's message when denied
    // (the dispatcher picks the code and status the service uses).
    virtual Result<void> authorize(const RequestContext& ctx, std::string_view action,
                                   std::string_view resource) const = 0;
};

// AWS's denial text for an identity-based implicit deny:
// "User: <arn> is not authorized to perform: <action> on resource: <resource> because no
// identity-based policy allows the <action> action".
std::string implicit_deny_message(const Principal& who, std::string_view action,
                                  std::string_view resource);

}  // namespace freshet::iam
