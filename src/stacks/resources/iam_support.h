// What the IAM providers (iam_*.cc) share: calling IAM as the stack's caller, reading policy
// documents and inline policies the way CloudFormation gives them, and keeping an entity's
// inline policies, managed-policy attachments and tags in step with its properties.
//
// Every function calls IAM through ctx.client as ctx.caller; IAM's errors pass through
// unchanged. Stateless; safe from any worker thread.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "stacks/resources/provider.h"

namespace freshet::stacks {

// The identities policies hang off.
enum class IamEntity { User, Role, Group };
// The entities a policy resource names, in CloudFormation's order of checking them.
inline constexpr IamEntity kIamEntities[] = {IamEntity::Role, IamEntity::User, IamEntity::Group};
// The property that lists them: "Roles", "Users", "Groups".
const char* iam_list_key(IamEntity kind);

// Calls an IAM action (AWS's name) with `input` in its botocore input shape.
Result<boost::json::value> iam_call(const ResourceContext& ctx, std::string_view operation,
                                    boost::json::object input);
// IAM's "does not exist" (NoSuchEntity): deleting what is already gone is success.
bool iam_not_found(const ApiError& e);

// A policy document as IAM takes it: CloudFormation gives an object (YAML or JSON), which is
// serialized; a string is passed as is. Absent: "#: required key [Key] not found".
Result<std::string> policy_document(const ResourceContext& ctx, const boost::json::object& p,
                                    std::string_view key);

// The Policies property of a role, user or group ([{PolicyName, PolicyDocument}]), by name.
Result<std::map<std::string, std::string>> inline_policies(const ResourceContext& ctx,
                                                           const boost::json::object& p);
// A list-of-strings property, empty when absent.
Result<std::vector<std::string>> string_list(const ResourceContext& ctx,
                                             const boost::json::object& p, std::string_view key);

// Puts the policies of `after` that are new or changed and deletes those of `before` that
// are gone, on the named entity (Put/Delete{User,Role,Group}Policy).
Result<void> sync_inline_policies(const ResourceContext& ctx, IamEntity kind,
                                  const std::string& name,
                                  const std::map<std::string, std::string>& before,
                                  const std::map<std::string, std::string>& after);
// Attaches the ARNs of `after` not in `before` and detaches those no longer listed.
Result<void> sync_managed_policies(const ResourceContext& ctx, IamEntity kind,
                                   const std::string& name, const std::vector<std::string>& before,
                                   const std::vector<std::string>& after);
// Tags ({Key: Value}) of a user or role: TagX for new or changed values, UntagX for removed keys.
Result<void> sync_tags(const ResourceContext& ctx, IamEntity kind, const std::string& name,
                       const boost::json::object& before, const boost::json::object& after);
// {Key: Value} as IAM's [{Key, Value}].
boost::json::array iam_tag_list(const boost::json::object& tags);

// What IAM requires before DeleteUser/DeleteRole/DeleteGroup: detaches every managed policy
// and deletes every inline policy the entity has now (not only those the template lists,
// since IAM refuses to delete an entity that has any). A missing entity is success.
Result<void> strip_policies(const ResourceContext& ctx, IamEntity kind, const std::string& name);

}  // namespace freshet::stacks
