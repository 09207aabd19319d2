#include "iam/sts.h"

#include <fmt/format.h>

#include "iam/credentials.h"
#include "iam/policy/document.h"
#include "iam/policy/evaluate.h"
#include "iam/policy_authorizer.h"
#include "iam/store/iam_store.h"

namespace freshet::iam {
namespace {

using store::Entity;
using store::Kind;

// AWS's denial for AssumeRole, which names no policy kind:
// "User: <arn> is not authorized to perform: sts:AssumeRole on resource: <role arn>".
ApiError assume_denied(const Principal& who, std::string_view role_arn) {
    return ApiError{"AccessDenied",
                    fmt::format("User: {} is not authorized to perform: sts:AssumeRole on "
                                "resource: {}",
                                who.arn, role_arn),
                    403};
}

Result<void> check_duration(const Entity& role, std::chrono::seconds duration) {
    if (duration.count() > role.max_session_duration) {
        return ApiError{"ValidationError",
                        "The requested DurationSeconds exceeds the MaxSessionDuration set for "
                        "this role.",
                        400};
    }
    return Ok{};
}

Principal role_session(const Entity& role, const std::string& account,
                       const std::string& session_name, TimePoint expires) {
    Principal p;
    p.type = PrincipalType::AssumedRole;
    p.account_id = account;
    p.arn = fmt::format("arn:aws:sts::{}:assumed-role/{}/{}", account, role.name, session_name);
    p.user_id = role.id + ":" + session_name;
    p.name = role.name;
    p.role_arn = role.arn;
    p.session_name = session_name;
    p.expires = expires;
    return p;
}

// Evaluates the role's trust policy; returns the allowing statement, if any.
const policy::Statement* trusted_by(const policy::PolicyDocument& trust,
                                    const policy::EvalRequest& req) {
    auto d = policy::evaluate({{"trust policy", &trust}}, req);
    if (d.outcome != policy::Outcome::Allow) return nullptr;
    return &trust.statements[static_cast<size_t>(d.statement)];
}

}  // namespace

Result<TemporaryCredentials> Sts::mint(Principal principal, TimePoint expiration) const {
    principal.expires = expiration;
    FRESHET_TRY(session, store_.create_session(std::move(principal)));
    TemporaryCredentials c;
    c.access_key_id = session.id;
    c.secret_access_key = std::move(session.secret_sealed);  // plaintext on return
    c.session_token = session.token;
    c.expiration = expiration;
    c.principal = std::move(session.principal);
    return c;
}

Result<TemporaryCredentials> Sts::assume_role(const RequestContext& caller,
                                              const std::string& role_arn,
                                              const std::string& session_name,
                                              std::chrono::seconds duration,
                                              const std::optional<std::string>& external_id) const {
    const Principal& who = caller.principal;
    if (who.is_root()) {
        return ApiError{"AccessDenied", "Roles may not be assumed by root accounts.", 403};
    }
    // A missing role is refused like an untrusted one: AWS does not reveal which roles exist.
    auto role = store_.entity(Kind::Role, store::name_from_arn(role_arn));
    if (!role || role->arn != role_arn) return assume_denied(who, role_arn);
    auto trust = policy::parse_policy(role->trust_policy, {policy::PolicyKind::Trust});
    if (!trust.ok()) return assume_denied(who, role_arn);
    policy::EvalRequest req;
    req.action = "sts:AssumeRole";
    req.resource = role_arn;
    req.keys = request_keys(caller);
    // Trust policies commonly require it: {"StringEquals": {"sts:ExternalId": "..."}}.
    if (external_id) req.keys.set("sts:ExternalId", *external_id);
    // A session of a role is named in trust policies by its role's ARN.
    req.principal_arn = who.type == PrincipalType::AssumedRole ? who.role_arn : who.arn;
    req.principal_account = who.account_id;
    const policy::Statement* st = trusted_by(trust.value(), req);
    if (!st) return assume_denied(who, role_arn);
    // Same account: a trust policy that names the caller's ARN suffices; one that names the
    // account delegates to the caller's identity policies (IAM User Guide, "Cross account
    // resource access" / "How to use trust policies with IAM roles").
    auto identity = authorizer_.decide(caller, "sts:AssumeRole", role_arn);
    bool named = false;
    if (st->principal) {
        auto it = st->principal->by_type.find("AWS");
        named =
            it != st->principal->by_type.end() &&
            std::find(it->second.begin(), it->second.end(), req.principal_arn) != it->second.end();
    }
    if (identity.outcome == policy::Outcome::ExplicitDeny ||
        (identity.outcome == policy::Outcome::ImplicitDeny && !named))
        return assume_denied(who, role_arn);
    FRESHET_CHECK(check_duration(*role, duration));
    TimePoint expires = caller.clock->now() + duration;
    return mint(role_session(*role, who.account_id, session_name, expires), expires);
}

Result<TemporaryCredentials> Sts::assume_role_for_service(const std::string& role_arn,
                                                          const std::string& session_name,
                                                          std::chrono::seconds duration,
                                                          const std::string& service,
                                                          const Clock& clock) const {
    auto role = store_.entity(Kind::Role, store::name_from_arn(role_arn));
    if (!role || role->arn != role_arn) {
        return ApiError{"AccessDenied",
                        fmt::format("{} is not authorized to perform: sts:AssumeRole on "
                                    "resource: {}",
                                    service, role_arn),
                        403};
    }
    auto trust = policy::parse_policy(role->trust_policy, {policy::PolicyKind::Trust});
    policy::EvalRequest req;
    req.action = "sts:AssumeRole";
    req.resource = role_arn;
    req.service = service;
    if (!trust.ok() || !trusted_by(trust.value(), req)) {
        return ApiError{"AccessDenied",
                        fmt::format("{} is not authorized to perform: sts:AssumeRole on "
                                    "resource: {}",
                                    service, role_arn),
                        403};
    }
    FRESHET_CHECK(check_duration(*role, duration));
    TimePoint expires = clock.now() + duration;
    return mint(role_session(*role, store_.account_id(), session_name, expires), expires);
}

Result<TemporaryCredentials> Sts::get_session_token(const RequestContext& caller,
                                                    std::optional<int64_t> duration_seconds) const {
    const Principal& who = caller.principal;
    if (who.expires != TimePoint::max() || who.type == PrincipalType::AssumedRole) {
        return ApiError{"AccessDenied", "Cannot call GetSessionToken with session credentials",
                        403};
    }
    std::chrono::seconds duration(duration_seconds.value_or(kDefaultUserSession.count()));
    // The root user's sessions last at most an hour (AWS: GetSessionToken, DurationSeconds).
    if (who.is_root()) duration = std::min(duration, std::chrono::seconds(3600));
    TimePoint expires = caller.clock->now() + duration;
    return mint(who, expires);
}

}  // namespace freshet::iam
