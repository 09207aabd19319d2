// IAM groups and membership. A user's groups are kept in the user's record (that is what
// policy evaluation reads on every request); GetGroup finds the members by scanning users.
#include <fmt/format.h>

#include "core/ids.h"
#include "iam/api/handlers.h"

namespace freshet::iam::api {
namespace {

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_member(const Entity& user, std::string_view group) {
    return std::any_of(user.groups.begin(), user.groups.end(),
                       [&](const std::string& g) { return same_name(g, group); });
}

}  // namespace

Result<m::CreateGroupResponse> create_group(IamService& svc, RequestContext& ctx,
                                            const m::CreateGroupRequest& in) {
    Entity group;
    group.kind = Kind::Group;
    group.name = in.GroupName;
    group.path = in.Path.value_or("/");
    group.id = ids::iam_unique_id("AGPA");
    group.arn = entity_arn(svc.store().account_id(), Kind::Group, group.path, group.name);
    group.created = ctx.clock->now();
    auto r = svc.store().write([&](store::Tx& tx) -> Result<void> {
        if (tx.entity(Kind::Group, group.name))
            return already_exists(fmt::format("Group with name {} already exists.", group.name));
        tx.put(group);
        return Ok{};
    });
    if (!r.ok()) return std::move(r).take_error();
    return m::CreateGroupResponse{to_group(group)};
}

Result<m::GetGroupResponse> get_group(IamService& svc, RequestContext&,
                                      const m::GetGroupRequest& in) {
    auto group = svc.store().entity(Kind::Group, in.GroupName);
    if (!group) return entity_not_found(Kind::Group, in.GroupName);
    std::vector<m::User> users;
    for (const auto& u : svc.store().entities(Kind::User)) {
        if (is_member(u, group->name)) users.push_back(to_user(u, false));
    }
    m::GetGroupResponse out;
    out.Group = to_group(*group);
    out.Users = page(std::move(users), in.Marker, in.MaxItems, out.IsTruncated, out.Marker);
    return out;
}

Result<m::ListGroupsResponse> list_groups(IamService& svc, RequestContext&,
                                          const m::ListGroupsRequest& in) {
    std::vector<m::Group> groups;
    std::string prefix = in.PathPrefix.value_or("/");
    for (const auto& e : svc.store().entities(Kind::Group)) {
        if (e.path.rfind(prefix, 0) == 0) groups.push_back(to_group(e));
    }
    m::ListGroupsResponse out;
    out.Groups = page(std::move(groups), in.Marker, in.MaxItems, out.IsTruncated, out.Marker);
    return out;
}

Result<NoOutput> delete_group(IamService& svc, RequestContext&, const m::DeleteGroupRequest& in) {
    return no_output(svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto group = tx.entity(Kind::Group, in.GroupName);
        if (!group) return entity_not_found(Kind::Group, in.GroupName);
        for (const auto& u : tx.entities(Kind::User)) {
            if (is_member(u, group->name))
                return delete_conflict("Cannot delete entity, must remove users from group first.");
        }
        if (!group->inline_policies.empty())
            return delete_conflict("Cannot delete entity, must delete policies first.");
        if (!group->attached.empty())
            return delete_conflict("Cannot delete entity, must detach all policies first.");
        tx.erase(Kind::Group, group->name);
        return Ok{};
    }));
}

Result<NoOutput> add_user_to_group(IamService& svc, RequestContext&,
                                   const m::AddUserToGroupRequest& in) {
    return no_output(svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto group = tx.entity(Kind::Group, in.GroupName);
        if (!group) return entity_not_found(Kind::Group, in.GroupName);
        auto user = tx.entity(Kind::User, in.UserName);
        if (!user) return entity_not_found(Kind::User, in.UserName);
        if (!is_member(*user, group->name)) user->groups.push_back(group->name);  // idempotent
        tx.put(*user);
        return Ok{};
    }));
}

Result<NoOutput> remove_user_from_group(IamService& svc, RequestContext&,
                                        const m::RemoveUserFromGroupRequest& in) {
    return no_output(svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto group = tx.entity(Kind::Group, in.GroupName);
        if (!group) return entity_not_found(Kind::Group, in.GroupName);
        auto user = tx.entity(Kind::User, in.UserName);
        if (!user) return entity_not_found(Kind::User, in.UserName);
        if (!is_member(*user, group->name))
            return no_such_entity(
                fmt::format("The user with name {} cannot be found.", in.UserName));
        std::erase_if(user->groups,
                      [&](const std::string& g) { return same_name(g, group->name); });
        tx.put(*user);
        return Ok{};
    }));
}

Result<m::ListGroupsForUserResponse> list_groups_for_user(IamService& svc, RequestContext&,
                                                          const m::ListGroupsForUserRequest& in) {
    auto user = svc.store().entity(Kind::User, in.UserName);
    if (!user) return entity_not_found(Kind::User, in.UserName);
    std::vector<m::Group> groups;
    for (const auto& g : user->groups) {
        if (auto group = svc.store().entity(Kind::Group, g)) groups.push_back(to_group(*group));
    }
    m::ListGroupsForUserResponse out;
    out.Groups = page(std::move(groups), in.Marker, in.MaxItems, out.IsTruncated, out.Marker);
    return out;
}

}  // namespace freshet::iam::api
