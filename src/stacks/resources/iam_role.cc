// AWS::IAM::Role: CreateRole, then its managed policies (ManagedPolicyArns) and inline
// policies (Policies). Ref is the role name; GetAtt Arn and RoleId. RoleName and Path are
// "Update requires: Replacement"; everything else is updated in place. Delete detaches and
// deletes the role's policies first, since IAM's DeleteRole refuses while it has any.
#include <boost/json.hpp>

#include "stacks/resources/factories.h"
#include "stacks/resources/iam_support.h"
#include "stacks/resources/properties.h"

namespace freshet::stacks {

namespace json = boost::json;

namespace {

// IAM's own refusal (iam/api/common.cc): Freshet does not evaluate permissions boundaries.
ApiError no_boundaries() {
    return ApiError{"ValidationError", "Freshet does not support permissions boundaries", 400};
}

Result<json::object> create_input(const ResourceContext& ctx, const json::object& p) {
    FRESHET_TRY(name, get_string(ctx, p, "RoleName"));
    FRESHET_TRY(trust, policy_document(ctx, p, "AssumeRolePolicyDocument"));
    json::object in{{"RoleName", name ? *name : physical_name(ctx, 64)},
                    {"AssumeRolePolicyDocument", trust}};
    FRESHET_TRY(path, get_string(ctx, p, "Path"));
    if (path) in["Path"] = *path;
    FRESHET_TRY(description, get_string(ctx, p, "Description"));
    if (description) in["Description"] = *description;
    FRESHET_TRY(duration, get_int(ctx, p, "MaxSessionDuration"));
    if (duration) in["MaxSessionDuration"] = *duration;
    FRESHET_TRY(boundary, get_string(ctx, p, "PermissionsBoundary"));
    if (boundary) in["PermissionsBoundary"] = *boundary;
    FRESHET_TRY(tags, tags_as_map(ctx, p));
    if (!tags.empty()) in["Tags"] = iam_tag_list(tags);
    return in;
}

class RoleProvider : public Provider {
  public:
    std::vector<std::string> attributes() const override { return {"Arn", "RoleId"}; }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(before, after, {"RoleName", "Path"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_TRY(in, create_input(ctx, p));
        FRESHET_TRY(managed, string_list(ctx, p, "ManagedPolicyArns"));
        FRESHET_TRY(policies, inline_policies(ctx, p));
        std::string name(in.at("RoleName").as_string());
        if (!p.contains("RoleName") || p.at("RoleName").is_null()) reserve_physical_id(ctx, name);
        FRESHET_TRY(out, iam_call(ctx, "CreateRole", std::move(in)));
        claim_physical_id(ctx, name);
        auto attached = attach_all(ctx, name, managed, policies);
        if (!attached.ok()) {
            // CloudFormation rolls a failed create back: leave no half-made role behind.
            (void)remove_role(ctx, name);
            return std::move(attached).take_error();
        }
        const json::object& role = out.as_object().at("Role").as_object();
        ResourceState s;
        s.physical_id = name;
        s.attributes["Arn"] = role.at("Arn");
        s.attributes["RoleId"] = role.at("RoleId");
        return s;
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object& before, const json::object& after) override {
        const std::string& name = current.physical_id;
        if (changed(before, after, {"PermissionsBoundary"})) return no_boundaries();
        if (changed(before, after, {"AssumeRolePolicyDocument"})) {
            FRESHET_TRY(trust, policy_document(ctx, after, "AssumeRolePolicyDocument"));
            FRESHET_CHECK(iam_call(ctx, "UpdateAssumeRolePolicy",
                                   {{"RoleName", name}, {"PolicyDocument", trust}}));
        }
        if (changed(before, after, {"Description", "MaxSessionDuration"})) {
            FRESHET_TRY(description, get_string(ctx, after, "Description"));
            FRESHET_TRY(duration, get_int(ctx, after, "MaxSessionDuration"));
            // Removing a property restores IAM's default: no description, one hour.
            FRESHET_CHECK(iam_call(ctx, "UpdateRole",
                                   {{"RoleName", name},
                                    {"Description", description.value_or("")},
                                    {"MaxSessionDuration", duration.value_or(3600)}}));
        }
        FRESHET_TRY(old_tags, tags_as_map(ctx, before));
        FRESHET_TRY(new_tags, tags_as_map(ctx, after));
        FRESHET_CHECK(sync_tags(ctx, IamEntity::Role, name, old_tags, new_tags));
        FRESHET_TRY(old_managed, string_list(ctx, before, "ManagedPolicyArns"));
        FRESHET_TRY(new_managed, string_list(ctx, after, "ManagedPolicyArns"));
        FRESHET_CHECK(sync_managed_policies(ctx, IamEntity::Role, name, old_managed, new_managed));
        FRESHET_TRY(old_inline, inline_policies(ctx, before));
        FRESHET_TRY(new_inline, inline_policies(ctx, after));
        FRESHET_CHECK(sync_inline_policies(ctx, IamEntity::Role, name, old_inline, new_inline));
        return current;
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object&) override {
        return remove_role(ctx, current.physical_id);
    }

  private:
    static Result<void> attach_all(const ResourceContext& ctx, const std::string& name,
                                   const std::vector<std::string>& managed,
                                   const std::map<std::string, std::string>& policies) {
        FRESHET_CHECK(sync_managed_policies(ctx, IamEntity::Role, name, {}, managed));
        return sync_inline_policies(ctx, IamEntity::Role, name, {}, policies);
    }

    static Result<void> remove_role(const ResourceContext& ctx, const std::string& name) {
        FRESHET_CHECK(strip_policies(ctx, IamEntity::Role, name));
        auto r = iam_call(ctx, "DeleteRole", {{"RoleName", name}});
        if (!r.ok() && !iam_not_found(r.error())) return std::move(r).take_error();
        return Ok{};
    }
};

}  // namespace

std::unique_ptr<Provider> make_iam_role_provider() {
    return std::make_unique<RoleProvider>();
}

}  // namespace freshet::stacks
