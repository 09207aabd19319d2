// IAM handlers, one per action, grouped in files by the entity they act on (users.cc,
// access_keys.cc, roles.cc, groups.cc, inline_policies.cc, managed_policies.cc,
// attachments.cc). Each checks what the model cannot (existence, conflicts, documents) with
// AWS's messages, and writes through IamStore::write so that its read-check-write is atomic.
#pragma once

#include "iam/api/common.h"

namespace freshet::iam::api {

#define FRESHET_IAM_HANDLER(name, In, Out) \
    Result<Out> name(IamService& svc, RequestContext& ctx, const m::In& in);

// Users and tags.
FRESHET_IAM_HANDLER(create_user, CreateUserRequest, m::CreateUserResponse)
FRESHET_IAM_HANDLER(get_user, GetUserRequest, m::GetUserResponse)
FRESHET_IAM_HANDLER(list_users, ListUsersRequest, m::ListUsersResponse)
FRESHET_IAM_HANDLER(update_user, UpdateUserRequest, NoOutput)
FRESHET_IAM_HANDLER(delete_user, DeleteUserRequest, NoOutput)
FRESHET_IAM_HANDLER(tag_user, TagUserRequest, NoOutput)
FRESHET_IAM_HANDLER(untag_user, UntagUserRequest, NoOutput)
FRESHET_IAM_HANDLER(list_user_tags, ListUserTagsRequest, m::ListUserTagsResponse)
// Access keys.
FRESHET_IAM_HANDLER(create_access_key, CreateAccessKeyRequest, m::CreateAccessKeyResponse)
FRESHET_IAM_HANDLER(list_access_keys, ListAccessKeysRequest, m::ListAccessKeysResponse)
FRESHET_IAM_HANDLER(update_access_key, UpdateAccessKeyRequest, NoOutput)
FRESHET_IAM_HANDLER(delete_access_key, DeleteAccessKeyRequest, NoOutput)
FRESHET_IAM_HANDLER(get_access_key_last_used, GetAccessKeyLastUsedRequest,
                    m::GetAccessKeyLastUsedResponse)
// Roles.
FRESHET_IAM_HANDLER(create_role, CreateRoleRequest, m::CreateRoleResponse)
FRESHET_IAM_HANDLER(get_role, GetRoleRequest, m::GetRoleResponse)
FRESHET_IAM_HANDLER(list_roles, ListRolesRequest, m::ListRolesResponse)
FRESHET_IAM_HANDLER(update_role, UpdateRoleRequest, NoOutput)
FRESHET_IAM_HANDLER(delete_role, DeleteRoleRequest, NoOutput)
FRESHET_IAM_HANDLER(update_assume_role_policy, UpdateAssumeRolePolicyRequest, NoOutput)
FRESHET_IAM_HANDLER(tag_role, TagRoleRequest, NoOutput)
FRESHET_IAM_HANDLER(untag_role, UntagRoleRequest, NoOutput)
FRESHET_IAM_HANDLER(list_role_tags, ListRoleTagsRequest, m::ListRoleTagsResponse)
// Groups.
FRESHET_IAM_HANDLER(create_group, CreateGroupRequest, m::CreateGroupResponse)
FRESHET_IAM_HANDLER(get_group, GetGroupRequest, m::GetGroupResponse)
FRESHET_IAM_HANDLER(list_groups, ListGroupsRequest, m::ListGroupsResponse)
FRESHET_IAM_HANDLER(delete_group, DeleteGroupRequest, NoOutput)
FRESHET_IAM_HANDLER(add_user_to_group, AddUserToGroupRequest, NoOutput)
FRESHET_IAM_HANDLER(remove_user_from_group, RemoveUserFromGroupRequest, NoOutput)
FRESHET_IAM_HANDLER(list_groups_for_user, ListGroupsForUserRequest, m::ListGroupsForUserResponse)
// Inline policies.
FRESHET_IAM_HANDLER(put_user_policy, PutUserPolicyRequest, NoOutput)
FRESHET_IAM_HANDLER(get_user_policy, GetUserPolicyRequest, m::GetUserPolicyResponse)
FRESHET_IAM_HANDLER(list_user_policies, ListUserPoliciesRequest, m::ListUserPoliciesResponse)
FRESHET_IAM_HANDLER(delete_user_policy, DeleteUserPolicyRequest, NoOutput)
FRESHET_IAM_HANDLER(put_role_policy, PutRolePolicyRequest, NoOutput)
FRESHET_IAM_HANDLER(get_role_policy, GetRolePolicyRequest, m::GetRolePolicyResponse)
FRESHET_IAM_HANDLER(list_role_policies, ListRolePoliciesRequest, m::ListRolePoliciesResponse)
FRESHET_IAM_HANDLER(delete_role_policy, DeleteRolePolicyRequest, NoOutput)
FRESHET_IAM_HANDLER(put_group_policy, PutGroupPolicyRequest, NoOutput)
FRESHET_IAM_HANDLER(get_group_policy, GetGroupPolicyRequest, m::GetGroupPolicyResponse)
FRESHET_IAM_HANDLER(list_group_policies, ListGroupPoliciesRequest, m::ListGroupPoliciesResponse)
FRESHET_IAM_HANDLER(delete_group_policy, DeleteGroupPolicyRequest, NoOutput)
// Managed policies and versions.
FRESHET_IAM_HANDLER(create_policy, CreatePolicyRequest, m::CreatePolicyResponse)
FRESHET_IAM_HANDLER(get_policy, GetPolicyRequest, m::GetPolicyResponse)
FRESHET_IAM_HANDLER(list_policies, ListPoliciesRequest, m::ListPoliciesResponse)
FRESHET_IAM_HANDLER(delete_policy, DeletePolicyRequest, NoOutput)
FRESHET_IAM_HANDLER(create_policy_version, CreatePolicyVersionRequest,
                    m::CreatePolicyVersionResponse)
FRESHET_IAM_HANDLER(get_policy_version, GetPolicyVersionRequest, m::GetPolicyVersionResponse)
FRESHET_IAM_HANDLER(list_policy_versions, ListPolicyVersionsRequest, m::ListPolicyVersionsResponse)
FRESHET_IAM_HANDLER(delete_policy_version, DeletePolicyVersionRequest, NoOutput)
FRESHET_IAM_HANDLER(set_default_policy_version, SetDefaultPolicyVersionRequest, NoOutput)
// Attachments.
FRESHET_IAM_HANDLER(attach_user_policy, AttachUserPolicyRequest, NoOutput)
FRESHET_IAM_HANDLER(detach_user_policy, DetachUserPolicyRequest, NoOutput)
FRESHET_IAM_HANDLER(list_attached_user_policies, ListAttachedUserPoliciesRequest,
                    m::ListAttachedUserPoliciesResponse)
FRESHET_IAM_HANDLER(attach_role_policy, AttachRolePolicyRequest, NoOutput)
FRESHET_IAM_HANDLER(detach_role_policy, DetachRolePolicyRequest, NoOutput)
FRESHET_IAM_HANDLER(list_attached_role_policies, ListAttachedRolePoliciesRequest,
                    m::ListAttachedRolePoliciesResponse)
FRESHET_IAM_HANDLER(attach_group_policy, AttachGroupPolicyRequest, NoOutput)
FRESHET_IAM_HANDLER(detach_group_policy, DetachGroupPolicyRequest, NoOutput)
FRESHET_IAM_HANDLER(list_attached_group_policies, ListAttachedGroupPoliciesRequest,
                    m::ListAttachedGroupPoliciesResponse)

#undef FRESHET_IAM_HANDLER

}  // namespace freshet::iam::api
