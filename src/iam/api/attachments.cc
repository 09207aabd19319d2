// Managed policies attached to users, roles and groups: one implementation, three kinds.
#include <fmt/format.h>

#include "iam/api/handlers.h"

namespace freshet::iam::api {
namespace {

// AWS's default quota of managed policies per user, role or group.
constexpr size_t kAttachedPerEntity = 10;

Result<void> attach(IamService& svc, Kind kind, const std::string& name, const std::string& arn) {
    if (!svc.store().policy(arn)) {
        return no_such_entity(fmt::format("Policy {} does not exist or is not attachable.", arn));
    }
    return svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto e = tx.entity(kind, name);
        if (!e) return entity_not_found(kind, name);
        if (std::find(e->attached.begin(), e->attached.end(), arn) != e->attached.end())
            return Ok{};  // attaching twice is a no-op on AWS
        if (e->attached.size() >= kAttachedPerEntity) {
            return limit_exceeded(
                fmt::format("Cannot exceed quota for PoliciesPer{}: 10", kind_title(kind)));
        }
        e->attached.push_back(arn);
        tx.put(*e);
        return Ok{};
    });
}

Result<void> detach(IamService& svc, Kind kind, const std::string& name, const std::string& arn) {
    return svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto e = tx.entity(kind, name);
        if (!e) return entity_not_found(kind, name);
        auto it = std::find(e->attached.begin(), e->attached.end(), arn);
        if (it == e->attached.end())
            return no_such_entity(fmt::format("Policy {} was not found.", arn));
        e->attached.erase(it);
        tx.put(*e);
        return Ok{};
    });
}

template <class Out, class In>
Result<Out> list_attached(IamService& svc, Kind kind, const std::string& name, const In& in) {
    auto e = svc.store().entity(kind, name);
    if (!e) return entity_not_found(kind, name);
    std::vector<m::AttachedPolicy> attached;
    std::string prefix = in.PathPrefix.value_or("/");
    for (const auto& arn : e->attached) {
        auto p = svc.store().policy(arn);
        if (p && p->path.rfind(prefix, 0) == 0) attached.push_back({p->name, p->arn});
    }
    Out out;
    out.AttachedPolicies =
        page(std::move(attached), in.Marker, in.MaxItems, out.IsTruncated, out.Marker);
    return out;
}

}  // namespace

Result<NoOutput> attach_user_policy(IamService& svc, RequestContext&,
                                    const m::AttachUserPolicyRequest& in) {
    return no_output(attach(svc, Kind::User, in.UserName, in.PolicyArn));
}
Result<NoOutput> detach_user_policy(IamService& svc, RequestContext&,
                                    const m::DetachUserPolicyRequest& in) {
    return no_output(detach(svc, Kind::User, in.UserName, in.PolicyArn));
}
Result<m::ListAttachedUserPoliciesResponse> list_attached_user_policies(
    IamService& svc, RequestContext&, const m::ListAttachedUserPoliciesRequest& in) {
    return list_attached<m::ListAttachedUserPoliciesResponse>(svc, Kind::User, in.UserName, in);
}

Result<NoOutput> attach_role_policy(IamService& svc, RequestContext&,
                                    const m::AttachRolePolicyRequest& in) {
    return no_output(attach(svc, Kind::Role, in.RoleName, in.PolicyArn));
}
Result<NoOutput> detach_role_policy(IamService& svc, RequestContext&,
                                    const m::DetachRolePolicyRequest& in) {
    return no_output(detach(svc, Kind::Role, in.RoleName, in.PolicyArn));
}
Result<m::ListAttachedRolePoliciesResponse> list_attached_role_policies(
    IamService& svc, RequestContext&, const m::ListAttachedRolePoliciesRequest& in) {
    return list_attached<m::ListAttachedRolePoliciesResponse>(svc, Kind::Role, in.RoleName, in);
}

Result<NoOutput> attach_group_policy(IamService& svc, RequestContext&,
                                     const m::AttachGroupPolicyRequest& in) {
    return no_output(attach(svc, Kind::Group, in.GroupName, in.PolicyArn));
}
Result<NoOutput> detach_group_policy(IamService& svc, RequestContext&,
                                     const m::DetachGroupPolicyRequest& in) {
    return no_output(detach(svc, Kind::Group, in.GroupName, in.PolicyArn));
}
Result<m::ListAttachedGroupPoliciesResponse> list_attached_group_policies(
    IamService& svc, RequestContext&, const m::ListAttachedGroupPoliciesRequest& in) {
    return list_attached<m::ListAttachedGroupPoliciesResponse>(svc, Kind::Group, in.GroupName, in);
}

}  // namespace freshet::iam::api
