// AWS::IAM::User: CreateUser (a generated name like "mystack-myuser-1CCXAFG2H2U4D" when
// UserName is absent), then its groups (AddUserToGroup), managed and inline policies. Ref is
// the user name, GetAtt Arn. UserName is "Update requires: Replacement"; Path, Groups,
// policies and tags are updated in place.
//
// Refused: LoginProfile (Freshet's IAM has no console passwords: CreateLoginProfile is not
// implemented) and PermissionsBoundary (IAM refuses it). Delete removes the user from its
// groups and its policies, but not its access keys: as on AWS, DeleteUser then fails with
// DeleteConflict; keys made by an AWS::IAM::AccessKey of the stack are deleted before.
#include <boost/json.hpp>

#include "stacks/resources/factories.h"
#include "stacks/resources/iam_support.h"
#include "stacks/resources/properties.h"

namespace freshet::stacks {

namespace json = boost::json;

namespace {

Result<void> refuse_login_profile(const ResourceContext& ctx, const json::object& p) {
    if (!p.if_contains("LoginProfile")) return Ok{};
    return property_error(ctx.logical_id,
                          "#/LoginProfile: Freshet does not support login profiles (console "
                          "passwords); remove LoginProfile from the template");
}

Result<void> sync_groups(const ResourceContext& ctx, const std::string& user,
                         const std::vector<std::string>& before,
                         const std::vector<std::string>& after) {
    auto has = [](const std::vector<std::string>& v, const std::string& s) {
        return std::find(v.begin(), v.end(), s) != v.end();
    };
    for (const auto& g : after) {
        if (has(before, g)) continue;
        FRESHET_CHECK(iam_call(ctx, "AddUserToGroup", {{"GroupName", g}, {"UserName", user}}));
    }
    for (const auto& g : before) {
        if (has(after, g)) continue;
        auto r = iam_call(ctx, "RemoveUserFromGroup", {{"GroupName", g}, {"UserName", user}});
        if (!r.ok() && !iam_not_found(r.error())) return std::move(r).take_error();
    }
    return Ok{};
}

// Groups, managed policies and inline policies from `before` to `after`.
Result<void> sync_links(const ResourceContext& ctx, const std::string& user,
                        const json::object& before, const json::object& after) {
    FRESHET_TRY(old_groups, string_list(ctx, before, "Groups"));
    FRESHET_TRY(new_groups, string_list(ctx, after, "Groups"));
    FRESHET_CHECK(sync_groups(ctx, user, old_groups, new_groups));
    FRESHET_TRY(old_managed, string_list(ctx, before, "ManagedPolicyArns"));
    FRESHET_TRY(new_managed, string_list(ctx, after, "ManagedPolicyArns"));
    FRESHET_CHECK(sync_managed_policies(ctx, IamEntity::User, user, old_managed, new_managed));
    FRESHET_TRY(old_inline, inline_policies(ctx, before));
    FRESHET_TRY(new_inline, inline_policies(ctx, after));
    return sync_inline_policies(ctx, IamEntity::User, user, old_inline, new_inline);
}

Result<void> remove_user(const ResourceContext& ctx, const std::string& user) {
    auto groups = iam_call(ctx, "ListGroupsForUser", {{"UserName", user}, {"MaxItems", 1000}});
    if (!groups.ok()) {
        if (iam_not_found(groups.error())) return Ok{};
        return std::move(groups).take_error();
    }
    std::vector<std::string> names;
    if (const json::value* list = groups->as_object().if_contains("Groups")) {
        for (const json::value& g : list->as_array())
            names.emplace_back(g.as_object().at("GroupName").as_string());
    }
    FRESHET_CHECK(sync_groups(ctx, user, names, {}));
    FRESHET_CHECK(strip_policies(ctx, IamEntity::User, user));
    auto r = iam_call(ctx, "DeleteUser", {{"UserName", user}});
    if (!r.ok() && !iam_not_found(r.error())) return std::move(r).take_error();
    return Ok{};
}

class UserProvider : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"Arn"}; }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(before, after, {"UserName"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_CHECK(refuse_login_profile(ctx, p));
        FRESHET_TRY(name, get_string(ctx, p, "UserName"));
        std::string user = name ? *name : physical_name(ctx, 64, true);
        json::object in{{"UserName", user}};
        FRESHET_TRY(path, get_string(ctx, p, "Path"));
        if (path) in["Path"] = *path;
        FRESHET_TRY(boundary, get_string(ctx, p, "PermissionsBoundary"));
        if (boundary) in["PermissionsBoundary"] = *boundary;
        FRESHET_TRY(tags, tags_as_map(ctx, p));
        if (!tags.empty()) in["Tags"] = iam_tag_list(tags);
        // Read every list before creating anything, so that a bad property creates nothing.
        FRESHET_CHECK(sync_check(ctx, p));
        if (!name) reserve_physical_id(ctx, user);
        FRESHET_TRY(out, iam_call(ctx, "CreateUser", std::move(in)));
        claim_physical_id(ctx, user);
        auto linked = sync_links(ctx, user, {}, p);
        if (!linked.ok()) {
            (void)remove_user(ctx, user);  // a failed create leaves nothing behind
            return std::move(linked).take_error();
        }
        ResourceState s;
        s.physical_id = user;
        s.attributes["Arn"] = out.as_object().at("User").as_object().at("Arn");
        return s;
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object& before, const json::object& after) override {
        FRESHET_CHECK(refuse_login_profile(ctx, after));
        const std::string& user = current.physical_id;
        if (changed(before, after, {"PermissionsBoundary"}))
            return ApiError{"ValidationError", "Freshet does not support permissions boundaries"};
        ResourceState s = current;
        if (changed(before, after, {"Path"})) {
            FRESHET_TRY(path, get_string(ctx, after, "Path"));
            FRESHET_CHECK(
                iam_call(ctx, "UpdateUser", {{"UserName", user}, {"NewPath", path.value_or("/")}}));
            FRESHET_TRY(out, iam_call(ctx, "GetUser", {{"UserName", user}}));
            s.attributes["Arn"] = out.as_object().at("User").as_object().at("Arn");
        }
        FRESHET_TRY(old_tags, tags_as_map(ctx, before));
        FRESHET_TRY(new_tags, tags_as_map(ctx, after));
        FRESHET_CHECK(sync_tags(ctx, IamEntity::User, user, old_tags, new_tags));
        FRESHET_CHECK(sync_links(ctx, user, before, after));
        return s;
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object&) override {
        return remove_user(ctx, current.physical_id);
    }

  private:
    static Result<void> sync_check(const ResourceContext& ctx, const json::object& p) {
        FRESHET_CHECK(string_list(ctx, p, "Groups"));
        FRESHET_CHECK(string_list(ctx, p, "ManagedPolicyArns"));
        FRESHET_CHECK(inline_policies(ctx, p));
        return Ok{};
    }
};

}  // namespace

std::unique_ptr<Provider> make_iam_user_provider() {
    return std::make_unique<UserProvider>();
}

}  // namespace freshet::stacks
