// IAM roles: trust policy (AssumeRolePolicyDocument), description, session duration, tags.
#include <fmt/format.h>

#include "core/ids.h"
#include "iam/api/handlers.h"

namespace freshet::iam::api {
namespace {

// Reads a role inside a write, applies `change`, writes it back.
Result<void> modify_role(IamService& svc, const std::string& name,
                         const std::function<Result<void>(Entity&)>& change) {
    return svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto role = tx.entity(Kind::Role, name);
        if (!role) return entity_not_found(Kind::Role, name);
        FRESHET_CHECK(change(*role));
        tx.put(*role);
        return Ok{};
    });
}

}  // namespace

Result<m::CreateRoleResponse> create_role(IamService& svc, RequestContext& ctx,
                                          const m::CreateRoleRequest& in) {
    FRESHET_CHECK(check_document(in.AssumeRolePolicyDocument, true, false));
    FRESHET_CHECK(refuse_boundary(in.PermissionsBoundary));
    Entity role;
    role.kind = Kind::Role;
    role.name = in.RoleName;
    role.path = in.Path.value_or("/");
    role.id = ids::iam_unique_id("AROA");
    role.arn = entity_arn(svc.store().account_id(), Kind::Role, role.path, role.name);
    role.created = ctx.clock->now();
    role.trust_policy = in.AssumeRolePolicyDocument;
    role.description = in.Description.value_or("");
    role.max_session_duration = in.MaxSessionDuration.value_or(3600);
    if (in.Tags) role.tags = from_tags(*in.Tags);
    auto r = svc.store().write([&](store::Tx& tx) -> Result<void> {
        if (tx.entity(Kind::Role, role.name))
            return already_exists(fmt::format("Role with name {} already exists.", role.name));
        tx.put(role);
        return Ok{};
    });
    if (!r.ok()) return std::move(r).take_error();
    return m::CreateRoleResponse{to_role(role, false)};
}

Result<m::GetRoleResponse> get_role(IamService& svc, RequestContext&, const m::GetRoleRequest& in) {
    auto role = svc.store().entity(Kind::Role, in.RoleName);
    if (!role) return entity_not_found(Kind::Role, in.RoleName);
    return m::GetRoleResponse{to_role(*role, true)};
}

Result<m::ListRolesResponse> list_roles(IamService& svc, RequestContext&,
                                        const m::ListRolesRequest& in) {
    std::vector<m::Role> roles;
    std::string prefix = in.PathPrefix.value_or("/");
    for (const auto& e : svc.store().entities(Kind::Role)) {
        if (e.path.rfind(prefix, 0) == 0) roles.push_back(to_role(e, false));
    }
    m::ListRolesResponse out;
    out.Roles = page(std::move(roles), in.Marker, in.MaxItems, out.IsTruncated, out.Marker);
    return out;
}

Result<NoOutput> update_role(IamService& svc, RequestContext&, const m::UpdateRoleRequest& in) {
    return no_output(modify_role(svc, in.RoleName, [&](Entity& role) -> Result<void> {
        if (in.Description) role.description = *in.Description;
        if (in.MaxSessionDuration) role.max_session_duration = *in.MaxSessionDuration;
        return Ok{};
    }));
}

Result<NoOutput> update_assume_role_policy(IamService& svc, RequestContext&,
                                           const m::UpdateAssumeRolePolicyRequest& in) {
    FRESHET_CHECK(check_document(in.PolicyDocument, true, false));
    return no_output(modify_role(svc, in.RoleName, [&](Entity& role) -> Result<void> {
        role.trust_policy = in.PolicyDocument;
        return Ok{};
    }));
}

Result<NoOutput> delete_role(IamService& svc, RequestContext&, const m::DeleteRoleRequest& in) {
    return no_output(svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto role = tx.entity(Kind::Role, in.RoleName);
        if (!role) return entity_not_found(Kind::Role, in.RoleName);
        if (!role->inline_policies.empty())
            return delete_conflict("Cannot delete entity, must delete policies first.");
        if (!role->attached.empty())
            return delete_conflict("Cannot delete entity, must detach all policies first.");
        tx.erase(Kind::Role, role->name);
        return Ok{};
    }));
}

Result<NoOutput> tag_role(IamService& svc, RequestContext&, const m::TagRoleRequest& in) {
    return no_output(modify_role(svc, in.RoleName, [&](Entity& role) -> Result<void> {
        merge_tags(role.tags, in.Tags);
        return Ok{};
    }));
}

Result<NoOutput> untag_role(IamService& svc, RequestContext&, const m::UntagRoleRequest& in) {
    return no_output(modify_role(svc, in.RoleName, [&](Entity& role) -> Result<void> {
        std::erase_if(role.tags, [&](const store::Tag& t) {
            return std::find(in.TagKeys.begin(), in.TagKeys.end(), t.key) != in.TagKeys.end();
        });
        return Ok{};
    }));
}

Result<m::ListRoleTagsResponse> list_role_tags(IamService& svc, RequestContext&,
                                               const m::ListRoleTagsRequest& in) {
    auto role = svc.store().entity(Kind::Role, in.RoleName);
    if (!role) return entity_not_found(Kind::Role, in.RoleName);
    m::ListRoleTagsResponse out;
    out.Tags = page(to_tags(role->tags), in.Marker, in.MaxItems, out.IsTruncated, out.Marker);
    return out;
}

}  // namespace freshet::iam::api
