// AWS::IAM::Group: CreateGroup (a generated name when GroupName is absent), then its managed
// and inline policies. Ref is the group name, GetAtt Arn. GroupName is "Update requires:
// Replacement". Path is "No interruption" on AWS (UpdateGroup), but Freshet's IAM has no
// UpdateGroup, so a new Path replaces the group here.
//
// Delete removes the group's members and policies first: IAM's DeleteGroup refuses while it
// has any. Users of the same stack that list the group depend on it and are gone already.
#include <boost/json.hpp>

#include "stacks/resources/factories.h"
#include "stacks/resources/iam_support.h"
#include "stacks/resources/properties.h"

namespace freshet::stacks {

namespace json = boost::json;

namespace {

Result<void> sync_policies(const ResourceContext& ctx, const std::string& group,
                           const json::object& before, const json::object& after) {
    FRESHET_TRY(old_managed, string_list(ctx, before, "ManagedPolicyArns"));
    FRESHET_TRY(new_managed, string_list(ctx, after, "ManagedPolicyArns"));
    FRESHET_CHECK(sync_managed_policies(ctx, IamEntity::Group, group, old_managed, new_managed));
    FRESHET_TRY(old_inline, inline_policies(ctx, before));
    FRESHET_TRY(new_inline, inline_policies(ctx, after));
    return sync_inline_policies(ctx, IamEntity::Group, group, old_inline, new_inline);
}

Result<void> remove_group(const ResourceContext& ctx, const std::string& group) {
    auto got = iam_call(ctx, "GetGroup", {{"GroupName", group}, {"MaxItems", 1000}});
    if (!got.ok()) {
        if (iam_not_found(got.error())) return Ok{};
        return std::move(got).take_error();
    }
    if (const json::value* users = got->as_object().if_contains("Users")) {
        for (const json::value& u : users->as_array()) {
            auto r = iam_call(ctx, "RemoveUserFromGroup",
                              {{"GroupName", group}, {"UserName", u.as_object().at("UserName")}});
            if (!r.ok() && !iam_not_found(r.error())) return std::move(r).take_error();
        }
    }
    FRESHET_CHECK(strip_policies(ctx, IamEntity::Group, group));
    auto r = iam_call(ctx, "DeleteGroup", {{"GroupName", group}});
    if (!r.ok() && !iam_not_found(r.error())) return std::move(r).take_error();
    return Ok{};
}

class GroupProvider : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"Arn"}; }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(before, after, {"GroupName", "Path"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_TRY(name, get_string(ctx, p, "GroupName"));
        std::string group = name ? *name : physical_name(ctx, 128, true);
        json::object in{{"GroupName", group}};
        FRESHET_TRY(path, get_string(ctx, p, "Path"));
        if (path) in["Path"] = *path;
        FRESHET_CHECK(string_list(ctx, p, "ManagedPolicyArns"));
        FRESHET_CHECK(inline_policies(ctx, p));
        if (!name) reserve_physical_id(ctx, group);
        FRESHET_TRY(out, iam_call(ctx, "CreateGroup", std::move(in)));
        claim_physical_id(ctx, group);
        auto linked = sync_policies(ctx, group, {}, p);
        if (!linked.ok()) {
            (void)remove_group(ctx, group);  // a failed create leaves nothing behind
            return std::move(linked).take_error();
        }
        ResourceState s;
        s.physical_id = group;
        s.attributes["Arn"] = out.as_object().at("Group").as_object().at("Arn");
        return s;
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object& before, const json::object& after) override {
        FRESHET_CHECK(sync_policies(ctx, current.physical_id, before, after));
        return current;
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object&) override {
        return remove_group(ctx, current.physical_id);
    }
};

}  // namespace

std::unique_ptr<Provider> make_iam_group_provider() {
    return std::make_unique<GroupProvider>();
}

}  // namespace freshet::stacks
