// IAM users and their tags.
#include <fmt/format.h>

#include "core/ids.h"
#include "iam/api/handlers.h"

namespace freshet::iam::api {
namespace {

// AWS's refusal to default UserName for callers that are not IAM users (GetUser...).
ApiError needs_user_name() {
    return ApiError{"ValidationError",
                    "Must specify userName when calling with non-User credentials", 400};
}

// DeleteUser refuses while anything hangs off the user, in this order (AWS: access keys,
// inline policies, attached policies, group memberships; messages as AWS words them).
Result<void> check_user_deletable(store::Tx& tx, const Entity& user) {
    if (!tx.access_keys(user.name).empty())
        return delete_conflict("Cannot delete entity, must delete access keys first.");
    if (!user.inline_policies.empty())
        return delete_conflict("Cannot delete entity, must delete policies first.");
    if (!user.attached.empty())
        return delete_conflict("Cannot delete entity, must detach all policies first.");
    if (!user.groups.empty())
        return delete_conflict("Cannot delete entity, must remove user from all groups first.");
    return Ok{};
}

}  // namespace

Result<m::CreateUserResponse> create_user(IamService& svc, RequestContext& ctx,
                                          const m::CreateUserRequest& in) {
    FRESHET_CHECK(refuse_boundary(in.PermissionsBoundary));
    Entity user;
    user.kind = Kind::User;
    user.name = in.UserName;
    user.path = in.Path.value_or("/");
    user.id = ids::iam_unique_id("AIDA");
    user.arn = entity_arn(svc.store().account_id(), Kind::User, user.path, user.name);
    user.created = ctx.clock->now();
    if (in.Tags) user.tags = from_tags(*in.Tags);
    auto r = svc.store().write([&](store::Tx& tx) -> Result<void> {
        if (tx.entity(Kind::User, user.name))
            return already_exists(fmt::format("User with name {} already exists.", user.name));
        tx.put(user);
        return Ok{};
    });
    if (!r.ok()) return std::move(r).take_error();
    return m::CreateUserResponse{to_user(user, true)};
}

Result<m::GetUserResponse> get_user(IamService& svc, RequestContext& ctx,
                                    const m::GetUserRequest& in) {
    if (!in.UserName && ctx.principal.is_root()) {
        // AWS describes the root user: its ARN and the account id as UserId.
        m::User root;
        root.UserId = ctx.principal.account_id;
        root.Arn = ctx.principal.arn;
        return m::GetUserResponse{root};
    }
    auto name = in.UserName ? in.UserName : caller_user(ctx);
    if (!name) return needs_user_name();
    auto user = svc.store().entity(Kind::User, *name);
    if (!user) return entity_not_found(Kind::User, *name);
    return m::GetUserResponse{to_user(*user, true)};
}

Result<m::ListUsersResponse> list_users(IamService& svc, RequestContext&,
                                        const m::ListUsersRequest& in) {
    std::vector<m::User> users;
    std::string prefix = in.PathPrefix.value_or("/");
    for (const auto& e : svc.store().entities(Kind::User)) {
        if (e.path.rfind(prefix, 0) == 0) users.push_back(to_user(e, false));
    }
    m::ListUsersResponse out;
    out.Users = page(std::move(users), in.Marker, in.MaxItems, out.IsTruncated, out.Marker);
    return out;
}

Result<NoOutput> update_user(IamService& svc, RequestContext&, const m::UpdateUserRequest& in) {
    auto r = svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto user = tx.entity(Kind::User, in.UserName);
        if (!user) return entity_not_found(Kind::User, in.UserName);
        std::string new_name = in.NewUserName.value_or(user->name);
        bool renamed = new_name != user->name;
        if (renamed && tx.entity(Kind::User, new_name) &&
            tx.entity(Kind::User, new_name)->id != user->id)
            return already_exists(fmt::format("User with name {} already exists.", new_name));
        // Access keys name their user: they follow a rename.
        for (auto key : tx.access_keys(user->name)) {
            key.user = new_name;
            tx.put(key);
        }
        tx.erase(Kind::User, user->name);
        user->name = new_name;
        if (in.NewPath) user->path = *in.NewPath;
        user->arn = entity_arn(svc.store().account_id(), Kind::User, user->path, user->name);
        tx.put(*user);
        return Ok{};
    });
    if (!r.ok()) return std::move(r).take_error();
    return NoOutput{};
}

Result<NoOutput> delete_user(IamService& svc, RequestContext&, const m::DeleteUserRequest& in) {
    auto r = svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto user = tx.entity(Kind::User, in.UserName);
        if (!user) return entity_not_found(Kind::User, in.UserName);
        FRESHET_CHECK(check_user_deletable(tx, *user));
        tx.erase(Kind::User, user->name);
        return Ok{};
    });
    if (!r.ok()) return std::move(r).take_error();
    return NoOutput{};
}

Result<NoOutput> tag_user(IamService& svc, RequestContext&, const m::TagUserRequest& in) {
    auto r = svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto user = tx.entity(Kind::User, in.UserName);
        if (!user) return entity_not_found(Kind::User, in.UserName);
        merge_tags(user->tags, in.Tags);
        tx.put(*user);
        return Ok{};
    });
    if (!r.ok()) return std::move(r).take_error();
    return NoOutput{};
}

Result<NoOutput> untag_user(IamService& svc, RequestContext&, const m::UntagUserRequest& in) {
    auto r = svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto user = tx.entity(Kind::User, in.UserName);
        if (!user) return entity_not_found(Kind::User, in.UserName);
        std::erase_if(user->tags, [&](const store::Tag& t) {
            return std::find(in.TagKeys.begin(), in.TagKeys.end(), t.key) != in.TagKeys.end();
        });
        tx.put(*user);
        return Ok{};
    });
    if (!r.ok()) return std::move(r).take_error();
    return NoOutput{};
}

Result<m::ListUserTagsResponse> list_user_tags(IamService& svc, RequestContext&,
                                               const m::ListUserTagsRequest& in) {
    auto user = svc.store().entity(Kind::User, in.UserName);
    if (!user) return entity_not_found(Kind::User, in.UserName);
    m::ListUserTagsResponse out;
    out.Tags = page(to_tags(user->tags), in.Marker, in.MaxItems, out.IsTruncated, out.Marker);
    return out;
}

}  // namespace freshet::iam::api
