// Customer managed policies and their versions; AWS managed policies are read-only here.
#include <fmt/format.h>

#include "core/ids.h"
#include "iam/api/handlers.h"
#include "iam/aws_managed.h"

namespace freshet::iam::api {
namespace {

// AWS: at most five versions per managed policy.
constexpr size_t kMaxVersions = 5;

ApiError policy_not_found(std::string_view arn) {
    return no_such_entity(fmt::format("Policy {} was not found.", arn));
}

// Reads a customer managed policy inside a write, applies `change`, writes it back.
Result<void> modify_policy(IamService& svc, const std::string& arn,
                           const std::function<Result<void>(store::ManagedPolicy&)>& change) {
    return svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto p = tx.policy(store::name_from_arn(arn));
        if (!p || p->arn != arn) return policy_not_found(arn);
        FRESHET_CHECK(change(*p));
        tx.put(*p);
        return Ok{};
    });
}

m::PolicyVersion to_version(const store::ManagedPolicy& p, const store::PolicyVersion& v,
                            bool with_document) {
    m::PolicyVersion out;
    if (with_document) out.Document = encode_document(v.document);
    out.VersionId = v.id;
    out.IsDefaultVersion = v.id == p.default_version;
    out.CreateDate = v.created;
    return out;
}

}  // namespace

Result<m::CreatePolicyResponse> create_policy(IamService& svc, RequestContext& ctx,
                                              const m::CreatePolicyRequest& in) {
    FRESHET_CHECK(check_document(in.PolicyDocument, false, true));
    store::ManagedPolicy p;
    p.name = in.PolicyName;
    p.path = in.Path.value_or("/");
    p.id = ids::iam_unique_id("ANPA");
    p.arn = fmt::format("arn:aws:iam::{}:policy{}{}", svc.store().account_id(), p.path, p.name);
    p.description = in.Description.value_or("");
    p.created = p.updated = ctx.clock->now();
    p.versions.push_back({"v1", in.PolicyDocument, p.created});
    if (in.Tags) p.tags = from_tags(*in.Tags);
    auto r = svc.store().write([&](store::Tx& tx) -> Result<void> {
        if (tx.policy(p.name)) {
            return already_exists(fmt::format(
                "A policy called {} already exists. Duplicate names are not allowed.", p.name));
        }
        tx.put(p);
        return Ok{};
    });
    if (!r.ok()) return std::move(r).take_error();
    return m::CreatePolicyResponse{to_policy(p, 0)};
}

Result<m::GetPolicyResponse> get_policy(IamService& svc, RequestContext&,
                                        const m::GetPolicyRequest& in) {
    auto p = svc.store().policy(in.PolicyArn);
    if (!p) return policy_not_found(in.PolicyArn);
    return m::GetPolicyResponse{to_policy(*p, attachment_count(svc.store(), p->arn))};
}

Result<m::ListPoliciesResponse> list_policies(IamService& svc, RequestContext&,
                                              const m::ListPoliciesRequest& in) {
    std::string scope = in.Scope.value_or("All");
    std::string prefix = in.PathPrefix.value_or("/");
    std::vector<store::ManagedPolicy> all;
    if (scope != "Local") all = aws_managed_policies();
    if (scope != "AWS") {
        for (auto& p : svc.store().customer_policies()) all.push_back(std::move(p));
    }
    std::vector<m::Policy> policies;
    for (const auto& p : all) {
        int64_t n = attachment_count(svc.store(), p.arn);
        if (p.path.rfind(prefix, 0) != 0 || (in.OnlyAttached.value_or(false) && n == 0)) continue;
        policies.push_back(to_policy(p, n));
    }
    m::ListPoliciesResponse out;
    out.Policies = page(std::move(policies), in.Marker, in.MaxItems, out.IsTruncated, out.Marker);
    return out;
}

Result<NoOutput> delete_policy(IamService& svc, RequestContext&, const m::DeletePolicyRequest& in) {
    if (attachment_count(svc.store(), in.PolicyArn) > 0)
        return delete_conflict("Cannot delete a policy attached to entities.");
    return no_output(svc.store().write([&](store::Tx& tx) -> Result<void> {
        auto p = tx.policy(store::name_from_arn(in.PolicyArn));
        if (!p || p->arn != in.PolicyArn) return policy_not_found(in.PolicyArn);
        if (p->versions.size() > 1) {
            return delete_conflict(
                "This policy has more than one version. Before you delete a policy, you must "
                "delete the policy's versions. The default version is deleted with the policy.");
        }
        tx.erase(Kind::Policy, p->name);
        return Ok{};
    }));
}

Result<m::CreatePolicyVersionResponse> create_policy_version(
    IamService& svc, RequestContext& ctx, const m::CreatePolicyVersionRequest& in) {
    FRESHET_CHECK(check_document(in.PolicyDocument, false, true));
    store::PolicyVersion created;
    bool is_default = false;
    auto r = modify_policy(svc, in.PolicyArn, [&](store::ManagedPolicy& p) -> Result<void> {
        if (p.versions.size() >= kMaxVersions) {
            return limit_exceeded(
                "A managed policy can have up to 5 versions. Before you create a new version, "
                "you must delete an existing version.");
        }
        created = {"v" + std::to_string(p.next_version++), in.PolicyDocument, ctx.clock->now()};
        p.versions.push_back(created);
        if (in.SetAsDefault.value_or(false)) p.default_version = created.id;
        is_default = p.default_version == created.id;
        p.updated = created.created;
        return Ok{};
    });
    if (!r.ok()) return std::move(r).take_error();
    m::PolicyVersion v;
    v.VersionId = created.id;
    v.IsDefaultVersion = is_default;
    v.CreateDate = created.created;
    return m::CreatePolicyVersionResponse{v};
}

Result<m::GetPolicyVersionResponse> get_policy_version(IamService& svc, RequestContext&,
                                                       const m::GetPolicyVersionRequest& in) {
    auto p = svc.store().policy(in.PolicyArn);
    const store::PolicyVersion* v = p ? p->find_version(in.VersionId) : nullptr;
    if (!v) {
        return no_such_entity(
            fmt::format("Policy {} version {} does not exist or is not attachable.", in.PolicyArn,
                        in.VersionId));
    }
    return m::GetPolicyVersionResponse{to_version(*p, *v, true)};
}

Result<m::ListPolicyVersionsResponse> list_policy_versions(IamService& svc, RequestContext&,
                                                           const m::ListPolicyVersionsRequest& in) {
    auto p = svc.store().policy(in.PolicyArn);
    if (!p) return policy_not_found(in.PolicyArn);
    std::vector<m::PolicyVersion> versions;
    // Newest first, as AWS lists them.
    for (auto it = p->versions.rbegin(); it != p->versions.rend(); ++it)
        versions.push_back(to_version(*p, *it, false));
    m::ListPolicyVersionsResponse out;
    out.Versions = page(std::move(versions), in.Marker, in.MaxItems, out.IsTruncated, out.Marker);
    return out;
}

Result<NoOutput> delete_policy_version(IamService& svc, RequestContext&,
                                       const m::DeletePolicyVersionRequest& in) {
    return no_output(modify_policy(svc, in.PolicyArn, [&](store::ManagedPolicy& p) -> Result<void> {
        if (!p.find_version(in.VersionId)) {
            return no_such_entity(
                fmt::format("Policy {} version {} does not exist or is not attachable.",
                            in.PolicyArn, in.VersionId));
        }
        if (p.default_version == in.VersionId)
            return delete_conflict("Cannot delete the default version of a policy.");
        std::erase_if(p.versions, [&](const auto& v) { return v.id == in.VersionId; });
        return Ok{};
    }));
}

Result<NoOutput> set_default_policy_version(IamService& svc, RequestContext& ctx,
                                            const m::SetDefaultPolicyVersionRequest& in) {
    return no_output(modify_policy(svc, in.PolicyArn, [&](store::ManagedPolicy& p) -> Result<void> {
        if (!p.find_version(in.VersionId)) {
            return no_such_entity(
                fmt::format("Policy {} version {} does not exist or is not attachable.",
                            in.PolicyArn, in.VersionId));
        }
        p.default_version = in.VersionId;
        p.updated = ctx.clock->now();
        return Ok{};
    }));
}

}  // namespace freshet::iam::api
