// PolicyAuthorizer: the dispatcher's Authorizer once IAM exists. The account's root user is
// allowed everything (as on AWS); any other principal is allowed an action only if one of its
// identity-based policies allows it and none denies it (iam/policy/evaluate.h), evaluated
// with the request's context keys (aws:username, aws:SourceIp, aws:CurrentTime, ...).
//
// Denials carry AWS's messages: "User: <arn> is not authorized to perform: <action> on
// resource: <resource> because no identity-based policy allows the <action> action", or
// "... with an explicit deny in an identity-based policy".
//
// Thread safety: authorize() may be called from any thread. Parsed documents are cached by
// their text (a change of policy is a new text, so the cache never serves a stale decision).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "iam/credentials.h"
#include "iam/policy/document.h"
#include "iam/policy/evaluate.h"

namespace freshet::iam {

namespace store {
class IamStore;
}

class PolicyAuthorizer final : public Authorizer {
  public:
    explicit PolicyAuthorizer(store::IamStore& store) : store_(store) {}

    Result<void> authorize(const RequestContext& ctx, std::string_view action,
                           std::string_view resource) const override;

    // The decision itself (root: Allow by statement -1 of policy "root").
    policy::Decision decide(const RequestContext& ctx, std::string_view action,
                            std::string_view resource) const;

  private:
    std::shared_ptr<const policy::PolicyDocument> parsed(const std::string& text) const;
    store::IamStore& store_;
    mutable std::mutex cache_mu_;
    mutable std::unordered_map<std::string, std::shared_ptr<const policy::PolicyDocument>> cache_;
};

// The global condition keys of a request (IAM User Guide, "AWS global condition context
// keys").
policy::ContextKeys request_keys(const RequestContext& ctx);

// AWS's message for a denial by an explicit Deny statement.
std::string explicit_deny_message(const Principal& who, std::string_view action,
                                  std::string_view resource);

// The credential chain the dispatcher uses: the root key first, then IAM users' keys and STS
// sessions. Contract as CredentialStore.
class CredentialChain final : public CredentialStore {
  public:
    CredentialChain(const CredentialStore& root, const CredentialStore& iam)
        : root_(root), iam_(iam) {}
    std::optional<Credential> find(std::string_view access_key_id) const override {
        if (auto c = root_.find(access_key_id)) return c;
        return iam_.find(access_key_id);
    }

  private:
    const CredentialStore& root_;
    const CredentialStore& iam_;
};

}  // namespace freshet::iam
