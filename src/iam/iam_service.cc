// IAM's action table. Each row: operation, IAM action name, handler, and the ARN the action
// is authorized against (IAM's resource types: user, role, group, policy; "<kind>/" for the
// List actions on no particular entity, as AWS's denial messages show them).
#include "iam/iam_service.h"

#include <fmt/format.h>

#include "iam/api/handlers.h"

namespace freshet::iam {
namespace {

using api::resource_arn;
using store::Kind;

std::string list_resource(const RequestContext& ctx, const char* kind) {
    return fmt::format("arn:aws:iam::{}:{}/", ctx.principal.account_id, kind);
}

// The user an action with an optional UserName is about: the named one, or the caller.
std::string user_or_caller(const RequestContext& ctx, const std::optional<std::string>& name) {
    return name ? resource_arn(ctx, Kind::User, *name) : ctx.principal.arn;
}

}  // namespace

// One row: AWS's operation Name, handler api::fn, input shape In, resource expression R (in
// terms of ctx and in).
#define IAM_ACTION(Name, fn, In, R)                                                           \
    actions_.add(action<model::In>(                                                           \
        #Name, "iam:" #Name,                                                                  \
        [this](RequestContext& ctx, const model::In& in) { return api::fn(*this, ctx, in); }, \
        [this](const RequestContext& ctx, const model::In& in) -> std::string { return R; }))

IamService::IamService(store::IamStore& store) : store_(store) {
    // The query services word their errors without the "Exception" suffix.
    dialect_.validation_code = "ValidationError";
    dialect_.serialization_code = "MalformedInput";
    dialect_.unknown_operation_code = "InvalidAction";
    add_user_actions();
    add_role_actions();
    add_group_actions();
    add_policy_actions();
}

void IamService::add_user_actions() {
    IAM_ACTION(CreateUser, create_user, CreateUserRequest,
               resource_arn(ctx, Kind::User, in.UserName));
    IAM_ACTION(GetUser, get_user, GetUserRequest, user_or_caller(ctx, in.UserName));
    IAM_ACTION(ListUsers, list_users, ListUsersRequest, list_resource(ctx, "user"));
    IAM_ACTION(UpdateUser, update_user, UpdateUserRequest,
               resource_arn(ctx, Kind::User, in.UserName));
    IAM_ACTION(DeleteUser, delete_user, DeleteUserRequest,
               resource_arn(ctx, Kind::User, in.UserName));
    IAM_ACTION(TagUser, tag_user, TagUserRequest, resource_arn(ctx, Kind::User, in.UserName));
    IAM_ACTION(UntagUser, untag_user, UntagUserRequest, resource_arn(ctx, Kind::User, in.UserName));
    IAM_ACTION(ListUserTags, list_user_tags, ListUserTagsRequest,
               resource_arn(ctx, Kind::User, in.UserName));
    IAM_ACTION(CreateAccessKey, create_access_key, CreateAccessKeyRequest,
               user_or_caller(ctx, in.UserName));
    IAM_ACTION(ListAccessKeys, list_access_keys, ListAccessKeysRequest,
               user_or_caller(ctx, in.UserName));
    IAM_ACTION(UpdateAccessKey, update_access_key, UpdateAccessKeyRequest,
               user_or_caller(ctx, in.UserName));
    IAM_ACTION(DeleteAccessKey, delete_access_key, DeleteAccessKeyRequest,
               user_or_caller(ctx, in.UserName));
    IAM_ACTION(GetAccessKeyLastUsed, get_access_key_last_used, GetAccessKeyLastUsedRequest, [&] {
        auto key = store_.access_key(in.AccessKeyId);
        return key ? resource_arn(ctx, Kind::User, key->user) : std::string("*");
    }());
    IAM_ACTION(PutUserPolicy, put_user_policy, PutUserPolicyRequest,
               resource_arn(ctx, Kind::User, in.UserName));
    IAM_ACTION(GetUserPolicy, get_user_policy, GetUserPolicyRequest,
               resource_arn(ctx, Kind::User, in.UserName));
    IAM_ACTION(ListUserPolicies, list_user_policies, ListUserPoliciesRequest,
               resource_arn(ctx, Kind::User, in.UserName));
    IAM_ACTION(DeleteUserPolicy, delete_user_policy, DeleteUserPolicyRequest,
               resource_arn(ctx, Kind::User, in.UserName));
    IAM_ACTION(AttachUserPolicy, attach_user_policy, AttachUserPolicyRequest,
               resource_arn(ctx, Kind::User, in.UserName));
    IAM_ACTION(DetachUserPolicy, detach_user_policy, DetachUserPolicyRequest,
               resource_arn(ctx, Kind::User, in.UserName));
    IAM_ACTION(ListAttachedUserPolicies, list_attached_user_policies,
               ListAttachedUserPoliciesRequest, resource_arn(ctx, Kind::User, in.UserName));
    IAM_ACTION(ListGroupsForUser, list_groups_for_user, ListGroupsForUserRequest,
               resource_arn(ctx, Kind::User, in.UserName));
}

void IamService::add_role_actions() {
    IAM_ACTION(CreateRole, create_role, CreateRoleRequest,
               resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(GetRole, get_role, GetRoleRequest, resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(ListRoles, list_roles, ListRolesRequest, list_resource(ctx, "role"));
    IAM_ACTION(UpdateRole, update_role, UpdateRoleRequest,
               resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(DeleteRole, delete_role, DeleteRoleRequest,
               resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(UpdateAssumeRolePolicy, update_assume_role_policy, UpdateAssumeRolePolicyRequest,
               resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(TagRole, tag_role, TagRoleRequest, resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(UntagRole, untag_role, UntagRoleRequest, resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(ListRoleTags, list_role_tags, ListRoleTagsRequest,
               resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(PutRolePolicy, put_role_policy, PutRolePolicyRequest,
               resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(GetRolePolicy, get_role_policy, GetRolePolicyRequest,
               resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(ListRolePolicies, list_role_policies, ListRolePoliciesRequest,
               resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(DeleteRolePolicy, delete_role_policy, DeleteRolePolicyRequest,
               resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(AttachRolePolicy, attach_role_policy, AttachRolePolicyRequest,
               resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(DetachRolePolicy, detach_role_policy, DetachRolePolicyRequest,
               resource_arn(ctx, Kind::Role, in.RoleName));
    IAM_ACTION(ListAttachedRolePolicies, list_attached_role_policies,
               ListAttachedRolePoliciesRequest, resource_arn(ctx, Kind::Role, in.RoleName));
}

void IamService::add_group_actions() {
    IAM_ACTION(CreateGroup, create_group, CreateGroupRequest,
               resource_arn(ctx, Kind::Group, in.GroupName));
    IAM_ACTION(GetGroup, get_group, GetGroupRequest, resource_arn(ctx, Kind::Group, in.GroupName));
    IAM_ACTION(ListGroups, list_groups, ListGroupsRequest, list_resource(ctx, "group"));
    IAM_ACTION(DeleteGroup, delete_group, DeleteGroupRequest,
               resource_arn(ctx, Kind::Group, in.GroupName));
    IAM_ACTION(AddUserToGroup, add_user_to_group, AddUserToGroupRequest,
               resource_arn(ctx, Kind::Group, in.GroupName));
    IAM_ACTION(RemoveUserFromGroup, remove_user_from_group, RemoveUserFromGroupRequest,
               resource_arn(ctx, Kind::Group, in.GroupName));
    IAM_ACTION(PutGroupPolicy, put_group_policy, PutGroupPolicyRequest,
               resource_arn(ctx, Kind::Group, in.GroupName));
    IAM_ACTION(GetGroupPolicy, get_group_policy, GetGroupPolicyRequest,
               resource_arn(ctx, Kind::Group, in.GroupName));
    IAM_ACTION(ListGroupPolicies, list_group_policies, ListGroupPoliciesRequest,
               resource_arn(ctx, Kind::Group, in.GroupName));
    IAM_ACTION(DeleteGroupPolicy, delete_group_policy, DeleteGroupPolicyRequest,
               resource_arn(ctx, Kind::Group, in.GroupName));
    IAM_ACTION(AttachGroupPolicy, attach_group_policy, AttachGroupPolicyRequest,
               resource_arn(ctx, Kind::Group, in.GroupName));
    IAM_ACTION(DetachGroupPolicy, detach_group_policy, DetachGroupPolicyRequest,
               resource_arn(ctx, Kind::Group, in.GroupName));
    IAM_ACTION(ListAttachedGroupPolicies, list_attached_group_policies,
               ListAttachedGroupPoliciesRequest, resource_arn(ctx, Kind::Group, in.GroupName));
}

void IamService::add_policy_actions() {
    IAM_ACTION(CreatePolicy, create_policy, CreatePolicyRequest,
               fmt::format("arn:aws:iam::{}:policy{}{}", ctx.principal.account_id,
                           in.Path.value_or("/"), in.PolicyName));
    IAM_ACTION(GetPolicy, get_policy, GetPolicyRequest, in.PolicyArn);
    IAM_ACTION(ListPolicies, list_policies, ListPoliciesRequest, std::string("*"));
    IAM_ACTION(DeletePolicy, delete_policy, DeletePolicyRequest, in.PolicyArn);
    IAM_ACTION(CreatePolicyVersion, create_policy_version, CreatePolicyVersionRequest,
               in.PolicyArn);
    IAM_ACTION(GetPolicyVersion, get_policy_version, GetPolicyVersionRequest, in.PolicyArn);
    IAM_ACTION(ListPolicyVersions, list_policy_versions, ListPolicyVersionsRequest, in.PolicyArn);
    IAM_ACTION(DeletePolicyVersion, delete_policy_version, DeletePolicyVersionRequest,
               in.PolicyArn);
    IAM_ACTION(SetDefaultPolicyVersion, set_default_policy_version, SetDefaultPolicyVersionRequest,
               in.PolicyArn);
}

#undef IAM_ACTION

}  // namespace freshet::iam
