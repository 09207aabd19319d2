// Inline policies of users, roles and groups: one implementation, three entity kinds.
#include <fmt/format.h>

#include "iam/api/handlers.h"

namespace freshet::iam::api {
namespace {

// AWS: "The user policy with name X cannot be found."
ApiError policy_not_found(Kind kind, std::string_view policy) {
    return no_such_entity(
        fmt::format("The {} policy with name {} cannot be found.", kind_word(kind), policy));
}

Result<void> put_inline(IamService& svc, Kind kind, const std::string& name,
                        const std::string& policy, const std::string& document) {
    FRESHET_CHECK(check_document(document, false, false));
    return svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto e = tx.entity(kind, name);
        if (!e) return entity_not_found(kind, name);
        e->inline_policies[policy] = document;
        tx.put(*e);
        return Ok{};
    });
}

Result<std::pair<std::string, std::string>> get_inline(IamService& svc, Kind kind,
                                                       const std::string& name,
                                                       const std::string& policy) {
    auto e = svc.store().entity(kind, name);
    if (!e) return entity_not_found(kind, name);
    auto it = e->inline_policies.find(policy);
    if (it == e->inline_policies.end()) return policy_not_found(kind, policy);
    return std::pair{e->name, encode_document(it->second)};
}

Result<std::vector<std::string>> list_inline(IamService& svc, Kind kind, const std::string& name) {
    auto e = svc.store().entity(kind, name);
    if (!e) return entity_not_found(kind, name);
    std::vector<std::string> names;
    for (const auto& [n, _] : e->inline_policies) names.push_back(n);
    return names;
}

Result<void> delete_inline(IamService& svc, Kind kind, const std::string& name,
                           const std::string& policy) {
    return svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto e = tx.entity(kind, name);
        if (!e) return entity_not_found(kind, name);
        if (!e->inline_policies.erase(policy)) return policy_not_found(kind, policy);
        tx.put(*e);
        return Ok{};
    });
}

template <class Out, class In>
Result<Out> list_response(IamService& svc, Kind kind, const std::string& name, const In& in) {
    FRESHET_TRY(names, list_inline(svc, kind, name));
    Out out;
    out.PolicyNames = page(std::move(names), in.Marker, in.MaxItems, out.IsTruncated, out.Marker);
    return out;
}

}  // namespace

Result<NoOutput> put_user_policy(IamService& svc, RequestContext&,
                                 const m::PutUserPolicyRequest& in) {
    return no_output(put_inline(svc, Kind::User, in.UserName, in.PolicyName, in.PolicyDocument));
}

Result<m::GetUserPolicyResponse> get_user_policy(IamService& svc, RequestContext&,
                                                 const m::GetUserPolicyRequest& in) {
    FRESHET_TRY(found, get_inline(svc, Kind::User, in.UserName, in.PolicyName));
    return m::GetUserPolicyResponse{found.first, in.PolicyName, found.second};
}

Result<m::ListUserPoliciesResponse> list_user_policies(IamService& svc, RequestContext&,
                                                       const m::ListUserPoliciesRequest& in) {
    return list_response<m::ListUserPoliciesResponse>(svc, Kind::User, in.UserName, in);
}

Result<NoOutput> delete_user_policy(IamService& svc, RequestContext&,
                                    const m::DeleteUserPolicyRequest& in) {
    return no_output(delete_inline(svc, Kind::User, in.UserName, in.PolicyName));
}

Result<NoOutput> put_role_policy(IamService& svc, RequestContext&,
                                 const m::PutRolePolicyRequest& in) {
    return no_output(put_inline(svc, Kind::Role, in.RoleName, in.PolicyName, in.PolicyDocument));
}

Result<m::GetRolePolicyResponse> get_role_policy(IamService& svc, RequestContext&,
                                                 const m::GetRolePolicyRequest& in) {
    FRESHET_TRY(found, get_inline(svc, Kind::Role, in.RoleName, in.PolicyName));
    return m::GetRolePolicyResponse{found.first, in.PolicyName, found.second};
}

Result<m::ListRolePoliciesResponse> list_role_policies(IamService& svc, RequestContext&,
                                                       const m::ListRolePoliciesRequest& in) {
    return list_response<m::ListRolePoliciesResponse>(svc, Kind::Role, in.RoleName, in);
}

Result<NoOutput> delete_role_policy(IamService& svc, RequestContext&,
                                    const m::DeleteRolePolicyRequest& in) {
    return no_output(delete_inline(svc, Kind::Role, in.RoleName, in.PolicyName));
}

Result<NoOutput> put_group_policy(IamService& svc, RequestContext&,
                                  const m::PutGroupPolicyRequest& in) {
    return no_output(put_inline(svc, Kind::Group, in.GroupName, in.PolicyName, in.PolicyDocument));
}

Result<m::GetGroupPolicyResponse> get_group_policy(IamService& svc, RequestContext&,
                                                   const m::GetGroupPolicyRequest& in) {
    FRESHET_TRY(found, get_inline(svc, Kind::Group, in.GroupName, in.PolicyName));
    return m::GetGroupPolicyResponse{found.first, in.PolicyName, found.second};
}

Result<m::ListGroupPoliciesResponse> list_group_policies(IamService& svc, RequestContext&,
                                                         const m::ListGroupPoliciesRequest& in) {
    return list_response<m::ListGroupPoliciesResponse>(svc, Kind::Group, in.GroupName, in);
}

Result<NoOutput> delete_group_policy(IamService& svc, RequestContext&,
                                     const m::DeleteGroupPolicyRequest& in) {
    return no_output(delete_inline(svc, Kind::Group, in.GroupName, in.PolicyName));
}

}  // namespace freshet::iam::api
