// AddPermission, RemovePermission, GetPolicy: the resource-based policy of $LATEST, a version
// or an alias, kept as the document GetPolicy answers (Version, Id "default", Statement).
// Changing it gives the function (or the alias or version) a new RevisionId. The policy is
// stored and returned; Freshet has one account, so it is not evaluated for callers.
#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/ids.h"
#include "functions/service.h"

namespace freshet::functions {

namespace {

namespace json = boost::json;
using Tx = store::FunctionStore::Tx;

std::string policy_key(const std::string& qualifier) {
    return qualifier.empty() ? "$LATEST" : qualifier;
}

// The RevisionId of what the qualifier names, or Lambda's not-found error. `tx` reads from
// a commit (Tx) or from committed data (FunctionStore).
template <class Reader>
Result<std::string> target_revision(FunctionsService& s, Reader& tx, const RequestContext& ctx,
                                    const store::FunctionRecord& f, const std::string& qualifier) {
    if (qualifier.empty() || qualifier == "$LATEST") return f.revision_id;
    if (auto n = version_number(qualifier)) {
        auto v = tx.version(f.name, *n);
        if (!v) return s.not_found(ctx, f.name, qualifier);
        return v->revision_id;
    }
    auto a = tx.alias(f.name, qualifier);
    if (!a) {
        return lambda_error(
            "ResourceNotFoundException",
            "Cannot find alias arn: " + FunctionsService::qualified_arn(ctx, f.name, qualifier),
            404);
    }
    return a->revision_id;
}

void bump_revision(Tx& tx, store::FunctionRecord f, const std::string& qualifier) {
    if (qualifier.empty() || qualifier == "$LATEST") {
        f.revision_id = ids::uuid4();
        tx.put_function(f);
    } else if (auto n = version_number(qualifier)) {
        auto v = tx.version(f.name, *n);
        v->revision_id = ids::uuid4();
        tx.put_version(*v);
    } else {
        auto a = tx.alias(f.name, qualifier);
        a->revision_id = ids::uuid4();
        tx.put_alias(f.name, *a);
    }
}

Result<json::value> principal(const std::string& p) {
    auto ends_with = [&](std::string_view suffix) {
        return p.size() >= suffix.size() &&
               p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    bool account = p.size() == 12 && p.find_first_not_of("0123456789") == std::string::npos;
    if (ends_with(".amazonaws.com")) return json::value(json::object{{"Service", p}});
    if (account) return json::value(json::object{{"AWS", "arn:aws:iam::" + p + ":root"}});
    if (p.rfind("arn:aws:iam:", 0) == 0) return json::value(json::object{{"AWS", p}});
    if (p == "*") return json::value(p);
    return lambda_error("InvalidParameterValueException",
                        "The provided principal was invalid. Please check the principal and try "
                        "again.",
                        400);
}

Result<json::object> statement(const model::AddPermissionRequest& in, const std::string& resource) {
    FRESHET_TRY(who, principal(in.Principal));
    json::object st{{"Sid", in.StatementId},
                    {"Effect", "Allow"},
                    {"Principal", std::move(who)},
                    {"Action", in.Action},
                    {"Resource", resource}};
    json::object equals, condition;
    if (in.FunctionUrlAuthType) equals["lambda:FunctionUrlAuthType"] = *in.FunctionUrlAuthType;
    if (in.PrincipalOrgID) equals["aws:PrincipalOrgID"] = *in.PrincipalOrgID;
    if (in.SourceAccount) equals["AWS:SourceAccount"] = *in.SourceAccount;
    if (in.EventSourceToken) equals["lambda:EventSourceToken"] = *in.EventSourceToken;
    if (!equals.empty()) condition["StringEquals"] = std::move(equals);
    if (in.SourceArn) condition["ArnLike"] = json::object{{"AWS:SourceArn", *in.SourceArn}};
    if (!condition.empty()) st["Condition"] = std::move(condition);
    return st;
}

json::array& statements(json::value& doc) {
    return doc.as_object()["Statement"].as_array();
}

}  // namespace

Result<model::AddPermissionResponse> add_permission(FunctionsService& s, RequestContext& ctx,
                                                    const model::AddPermissionRequest& in) {
    FRESHET_TRY(ref, s.parse(ctx, in.FunctionName, in.Qualifier));
    if (ref.qualifier == "$LATEST") {
        return lambda_error("InvalidParameterValueException",
                            "We currently do not support adding policies for $LATEST.", 400);
    }
    json::object added;
    FRESHET_CHECK(s.store().transact([&](Tx& tx) -> Result<void> {
        auto f = tx.function(ref.name);
        if (!f) return s.not_found(ctx, ref.name);
        FRESHET_TRY(revision, target_revision(s, tx, ctx, *f, ref.qualifier));
        if (in.RevisionId && *in.RevisionId != revision) return stale_revision();
        auto stored = tx.policy(ref.name, policy_key(ref.qualifier));
        json::value doc =
            stored
                ? json::parse(*stored)
                : json::value(json::object{
                      {"Version", "2012-10-17"}, {"Id", "default"}, {"Statement", json::array{}}});
        for (const auto& st : statements(doc)) {
            if (st.as_object().at("Sid").as_string() == in.StatementId) {
                return lambda_error(
                    "ResourceConflictException",
                    fmt::format("The statement id ({}) provided already exists. Please provide "
                                "a new statement id, or remove the existing statement.",
                                in.StatementId),
                    409);
            }
        }
        FRESHET_TRY(st,
                    statement(in, FunctionsService::qualified_arn(ctx, ref.name, ref.qualifier)));
        added = st;
        statements(doc).push_back(std::move(st));
        tx.put_policy(ref.name, policy_key(ref.qualifier), json::serialize(doc));
        bump_revision(tx, *f, ref.qualifier);
        return Ok{};
    }));
    model::AddPermissionResponse out;
    out.Statement = json::serialize(added);
    return out;
}

Result<NoOutput> remove_permission(FunctionsService& s, RequestContext& ctx,
                                   const model::RemovePermissionRequest& in) {
    FRESHET_TRY(ref, s.parse(ctx, in.FunctionName, in.Qualifier));
    FRESHET_CHECK(s.store().transact([&](Tx& tx) -> Result<void> {
        auto f = tx.function(ref.name);
        if (!f) {
            return lambda_error("ResourceNotFoundException",
                                "No policy found for: " + FunctionsService::arn(ctx, ref.name),
                                404);
        }
        FRESHET_TRY(revision, target_revision(s, tx, ctx, *f, ref.qualifier));
        auto stored = tx.policy(ref.name, policy_key(ref.qualifier));
        if (!stored) {
            return lambda_error("ResourceNotFoundException",
                                "No policy is associated with the given resource.", 404);
        }
        json::value doc = json::parse(*stored);
        auto& list = statements(doc);
        auto it = std::find_if(list.begin(), list.end(), [&](const json::value& st) {
            return st.as_object().at("Sid").as_string() == in.StatementId;
        });
        if (it == list.end()) {
            return lambda_error(
                "ResourceNotFoundException",
                fmt::format("Statement {} is not found in resource policy.", in.StatementId), 404);
        }
        if (in.RevisionId && *in.RevisionId != revision) return stale_revision();
        list.erase(it);
        if (list.empty())
            tx.remove_policy(ref.name, policy_key(ref.qualifier));
        else
            tx.put_policy(ref.name, policy_key(ref.qualifier), json::serialize(doc));
        bump_revision(tx, *f, ref.qualifier);
        return Ok{};
    }));
    return NoOutput{};
}

Result<model::GetPolicyResponse> get_policy(FunctionsService& s, RequestContext& ctx,
                                            const model::GetPolicyRequest& in) {
    FRESHET_TRY(ref, s.parse(ctx, in.FunctionName, in.Qualifier));
    FRESHET_TRY(f, s.load(ctx, ref.name));
    auto stored = s.store().policy(ref.name, policy_key(ref.qualifier));
    if (!stored) {
        return lambda_error("ResourceNotFoundException",
                            "The resource you requested does not exist.", 404);
    }
    FRESHET_TRY(revision, target_revision(s, s.store(), ctx, f, ref.qualifier));
    model::GetPolicyResponse out;
    out.Policy = *stored;
    out.RevisionId = revision;
    return out;
}

}  // namespace freshet::functions
