// AWS::IAM::ManagedPolicy: a customer managed policy (CreatePolicy) attached to its Roles,
// Users and Groups. ManagedPolicyName, Path and Description are "Update requires:
// Replacement"; a new PolicyDocument becomes a new default version (CreatePolicyVersion),
// deleting the oldest non-default version first when the policy has IAM's maximum of five.
// Ref and the physical id are the policy's ARN; GetAtt gives what GetPolicy describes.
#include <boost/json.hpp>

#include "stacks/resources/factories.h"
#include "stacks/resources/iam_support.h"
#include "stacks/resources/properties.h"

namespace freshet::stacks {

namespace json = boost::json;

namespace {

const char* attach_op(IamEntity kind, bool attach) {
    switch (kind) {
        case IamEntity::Role:
            return attach ? "AttachRolePolicy" : "DetachRolePolicy";
        case IamEntity::Group:
            return attach ? "AttachGroupPolicy" : "DetachGroupPolicy";
        default:
            return attach ? "AttachUserPolicy" : "DetachUserPolicy";
    }
}

const char* name_key(IamEntity kind) {
    switch (kind) {
        case IamEntity::Role:
            return "RoleName";
        case IamEntity::Group:
            return "GroupName";
        default:
            return "UserName";
    }
}

// Attaches the policy to the entities `after` lists that `before` does not, and detaches it
// from those no longer listed.
Result<void> sync_attachments(const ResourceContext& ctx, const std::string& arn,
                              const json::object& before, const json::object& after) {
    for (IamEntity kind : kIamEntities) {
        FRESHET_TRY(old_names, string_list(ctx, before, iam_list_key(kind)));
        FRESHET_TRY(new_names, string_list(ctx, after, iam_list_key(kind)));
        auto has = [](const std::vector<std::string>& v, const std::string& s) {
            return std::find(v.begin(), v.end(), s) != v.end();
        };
        for (const auto& n : new_names) {
            if (has(old_names, n)) continue;
            FRESHET_CHECK(
                iam_call(ctx, attach_op(kind, true), {{name_key(kind), n}, {"PolicyArn", arn}}));
        }
        for (const auto& n : old_names) {
            if (has(new_names, n)) continue;
            auto r =
                iam_call(ctx, attach_op(kind, false), {{name_key(kind), n}, {"PolicyArn", arn}});
            if (!r.ok() && !iam_not_found(r.error())) return std::move(r).take_error();
        }
    }
    return Ok{};
}

// GetAtt's values, from GetPolicy.
Result<json::object> describe(const ResourceContext& ctx, const std::string& arn) {
    FRESHET_TRY(out, iam_call(ctx, "GetPolicy", {{"PolicyArn", arn}}));
    const json::object& p = out.as_object().at("Policy").as_object();
    json::object a;
    a["PolicyArn"] = arn;
    for (const char* k : {"PolicyId", "DefaultVersionId", "AttachmentCount", "IsAttachable",
                          "PermissionsBoundaryUsageCount"}) {
        if (const json::value* v = p.if_contains(k)) a[k] = *v;
    }
    return a;
}

// Makes `document` the default version, deleting the oldest non-default version when IAM's
// five are all taken.
Result<void> new_version(const ResourceContext& ctx, const std::string& arn,
                         const std::string& document) {
    FRESHET_TRY(list, iam_call(ctx, "ListPolicyVersions", {{"PolicyArn", arn}}));
    const json::array& versions = list.as_object().at("Versions").as_array();
    if (versions.size() >= 5) {
        // IAM lists the newest first: the last non-default one is the oldest.
        for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
            const json::object& v = it->as_object();
            if (v.if_contains("IsDefaultVersion") && v.at("IsDefaultVersion").as_bool()) continue;
            FRESHET_CHECK(iam_call(ctx, "DeletePolicyVersion",
                                   {{"PolicyArn", arn}, {"VersionId", v.at("VersionId")}}));
            break;
        }
    }
    auto r = iam_call(ctx, "CreatePolicyVersion",
                      {{"PolicyArn", arn}, {"PolicyDocument", document}, {"SetAsDefault", true}});
    if (!r.ok()) return std::move(r).take_error();
    return Ok{};
}

// Detaches the policy from the entities the properties name, deletes its non-default
// versions (IAM refuses DeletePolicy otherwise), then the policy.
Result<void> remove_policy(const ResourceContext& ctx, const std::string& arn,
                           const json::object& p) {
    FRESHET_CHECK(sync_attachments(ctx, arn, p, {}));
    auto list = iam_call(ctx, "ListPolicyVersions", {{"PolicyArn", arn}});
    if (!list.ok()) {
        if (iam_not_found(list.error())) return Ok{};
        return std::move(list).take_error();
    }
    for (const json::value& e : list->as_object().at("Versions").as_array()) {
        const json::object& v = e.as_object();
        if (v.if_contains("IsDefaultVersion") && v.at("IsDefaultVersion").as_bool()) continue;
        auto r = iam_call(ctx, "DeletePolicyVersion",
                          {{"PolicyArn", arn}, {"VersionId", v.at("VersionId")}});
        if (!r.ok() && !iam_not_found(r.error())) return std::move(r).take_error();
    }
    auto r = iam_call(ctx, "DeletePolicy", {{"PolicyArn", arn}});
    if (!r.ok() && !iam_not_found(r.error())) return std::move(r).take_error();
    return Ok{};
}

class ManagedPolicyProvider : public Provider {
  public:
    std::vector<std::string> attributes() const override {
        return {"PolicyArn",       "PolicyId",     "DefaultVersionId",
                "AttachmentCount", "IsAttachable", "PermissionsBoundaryUsageCount"};
    }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(before, after, {"ManagedPolicyName", "Path", "Description"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_TRY(name, get_string(ctx, p, "ManagedPolicyName"));
        FRESHET_TRY(document, policy_document(ctx, p, "PolicyDocument"));
        std::string policy = name ? *name : physical_name(ctx, 128, true);
        json::object in{{"PolicyName", policy}, {"PolicyDocument", document}};
        FRESHET_TRY(path, get_string(ctx, p, "Path"));
        if (path) in["Path"] = *path;
        FRESHET_TRY(description, get_string(ctx, p, "Description"));
        if (description) in["Description"] = *description;
        for (IamEntity kind : kIamEntities) FRESHET_CHECK(string_list(ctx, p, iam_list_key(kind)));
        if (!name) {
            reserve_physical_id(ctx, "arn:" + ctx.partition + ":iam::" + ctx.account_id +
                                         ":policy" + path.value_or("/") + policy);
        }
        FRESHET_TRY(out, iam_call(ctx, "CreatePolicy", std::move(in)));
        std::string arn(out.as_object().at("Policy").as_object().at("Arn").as_string());
        claim_physical_id(ctx, arn);
        auto attached = sync_attachments(ctx, arn, {}, p);
        auto attributes =
            attached.ok() ? describe(ctx, arn) : Result<json::object>(attached.error());
        if (!attributes.ok()) {
            (void)remove_policy(ctx, arn, p);  // a failed create leaves nothing behind
            return std::move(attributes).take_error();
        }
        ResourceState s;
        s.physical_id = arn;
        s.attributes = std::move(attributes).value();
        return s;
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object& before, const json::object& after) override {
        const std::string& arn = current.physical_id;
        if (changed(before, after, {"PolicyDocument"})) {
            FRESHET_TRY(document, policy_document(ctx, after, "PolicyDocument"));
            FRESHET_CHECK(new_version(ctx, arn, document));
        }
        FRESHET_CHECK(sync_attachments(ctx, arn, before, after));
        ResourceState s = current;
        FRESHET_TRY(attributes, describe(ctx, arn));
        s.attributes = std::move(attributes);
        return s;
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object& p) override {
        return remove_policy(ctx, current.physical_id, p);
    }
};

}  // namespace

std::unique_ptr<Provider> make_iam_managed_policy_provider() {
    return std::make_unique<ManagedPolicyProvider>();
}

}  // namespace freshet::stacks
