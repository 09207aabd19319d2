#include "iam/policy_authorizer.h"

#include <fmt/format.h>

#include "iam/store/iam_store.h"

namespace freshet::iam {

namespace {

// aws:PrincipalType's values (IAM User Guide, "aws:PrincipalType").
const char* principal_type(PrincipalType t) {
    switch (t) {
        case PrincipalType::Root:
            return "Account";
        case PrincipalType::User:
            return "User";
        case PrincipalType::AssumedRole:
            return "AssumedRole";
        default:
            return "Service";
    }
}

}  // namespace

policy::ContextKeys request_keys(const RequestContext& ctx) {
    policy::ContextKeys keys;
    const Principal& p = ctx.principal;
    // aws:username exists only for IAM users.
    if (p.type == PrincipalType::User) keys.set("aws:username", p.name);
    keys.set("aws:userid", p.user_id);
    keys.set("aws:PrincipalArn", p.type == PrincipalType::AssumedRole ? p.role_arn : p.arn);
    keys.set("aws:PrincipalAccount", p.account_id);
    keys.set("aws:PrincipalType", principal_type(p.type));
    if (!ctx.source_ip.empty()) keys.set("aws:SourceIp", ctx.source_ip);
    TimePoint now = ctx.clock->now();
    keys.set("aws:CurrentTime", iso8601(now));
    keys.set("aws:EpochTime", std::to_string(epoch_millis(now) / 1000));
    keys.set("aws:SecureTransport", ctx.secure_transport ? "true" : "false");
    if (!ctx.region.empty()) keys.set("aws:RequestedRegion", ctx.region);
    return keys;
}

std::string explicit_deny_message(const Principal& who, std::string_view action,
                                  std::string_view resource) {
    return fmt::format(
        "User: {} is not authorized to perform: {} on resource: {} with an explicit deny in an "
        "identity-based policy",
        who.arn, action, resource);
}

std::shared_ptr<const policy::PolicyDocument> PolicyAuthorizer::parsed(
    const std::string& text) const {
    std::lock_guard lock(cache_mu_);
    if (auto it = cache_.find(text); it != cache_.end()) return it->second;
    auto doc = policy::parse_policy(text);
    if (!doc.ok()) return nullptr;              // stored documents were validated when written
    if (cache_.size() >= 4096) cache_.clear();  // bounded; entries are cheap to rebuild
    auto shared = std::make_shared<const policy::PolicyDocument>(std::move(doc).value());
    cache_.emplace(text, shared);
    return shared;
}

policy::Decision PolicyAuthorizer::decide(const RequestContext& ctx, std::string_view action,
                                          std::string_view resource) const {
    if (ctx.principal.is_root()) return {policy::Outcome::Allow, "root", "", -1};
    auto texts = store_.identity_policies(ctx.principal);
    std::vector<std::shared_ptr<const policy::PolicyDocument>> docs;
    std::vector<policy::NamedPolicy> named;
    for (const auto& t : texts) {
        if (auto d = parsed(t.document)) {
            docs.push_back(d);
            named.push_back({t.name, d.get()});
        }
    }
    policy::EvalRequest req;
    req.action = std::string(action);
    req.resource = std::string(resource);
    req.keys = request_keys(ctx);
    return policy::evaluate(named, req);
}

Result<void> PolicyAuthorizer::authorize(const RequestContext& ctx, std::string_view action,
                                         std::string_view resource) const {
    if (ctx.principal.is_root()) return Ok{};
    const std::string& key = ctx.principal.access_key_id;
    if (key.rfind("AKIA", 0) == 0) {
        std::string_view service = action.substr(0, action.find(':'));
        store_.note_key_use(key, std::string(service), ctx.region, ctx.clock->now());
    }
    auto d = decide(ctx, action, resource);
    switch (d.outcome) {
        case policy::Outcome::Allow:
            return Ok{};
        case policy::Outcome::ExplicitDeny:
            return ApiError{"AccessDenied", explicit_deny_message(ctx.principal, action, resource),
                            403};
        default:
            return ApiError{"AccessDenied", implicit_deny_message(ctx.principal, action, resource),
                            403};
    }
}

}  // namespace freshet::iam
