// CreateAlias, GetAlias, ListAliases, UpdateAlias, DeleteAlias. An alias names a version (or
// $LATEST) and may send a share of its invocations to one other version
// (RoutingConfig.AdditionalVersionWeights, applied by Invoke).
#include <fmt/format.h>

#include "core/ids.h"
#include "functions/service.h"

namespace freshet::functions {

namespace {

std::string alias_arn(const RequestContext& ctx, const std::string& function,
                      const std::string& alias) {
    return FunctionsService::qualified_arn(ctx, function, alias);
}

ApiError alias_not_found(const RequestContext& ctx, const std::string& function,
                         const std::string& alias) {
    return lambda_error("ResourceNotFoundException",
                        "Cannot find alias arn: " + alias_arn(ctx, function, alias), 404);
}

model::AliasConfiguration alias_out(const RequestContext& ctx, const std::string& function,
                                    const store::AliasRecord& a) {
    model::AliasConfiguration out;
    out.AliasArn = alias_arn(ctx, function, a.name);
    out.Name = a.name;
    out.FunctionVersion = a.function_version;
    out.Description = a.description;
    out.RevisionId = a.revision_id;
    if (!a.additional_version_weights.empty()) {
        model::AliasRoutingConfiguration routing;
        routing.AdditionalVersionWeights = a.additional_version_weights;
        out.RoutingConfig = routing;
    }
    return out;
}

// The version an alias points at must exist ($LATEST always does).
Result<void> check_version(FunctionsService& s, store::FunctionStore::Tx& tx,
                           const RequestContext& ctx, const std::string& function,
                           const std::string& version) {
    if (!tx.function(function)) return s.not_found(ctx, function, version);
    if (version == "$LATEST") return Ok{};
    auto n = version_number(version);
    if (!n || !tx.version(function, *n)) return s.not_found(ctx, function, version);
    return Ok{};
}

// RoutingConfig, checked as Lambda checks it.
Result<std::map<std::string, double>> routing(
    FunctionsService& s, store::FunctionStore::Tx& tx, const RequestContext& ctx,
    const std::string& function, const std::string& version,
    const std::optional<model::AliasRoutingConfiguration>& in) {
    std::map<std::string, double> weights;
    if (!in || !in->AdditionalVersionWeights) return weights;
    weights = *in->AdditionalVersionWeights;
    if (weights.empty()) return weights;
    if (weights.size() > 1) {
        return lambda_error("InvalidParameterValueException",
                            "Number of items in AdditionalVersionWeights cannot be greater than 1",
                            400);
    }
    const std::string& other = weights.begin()->first;
    if (other == version) {
        return lambda_error("InvalidParameterValueException",
                            fmt::format("Invalid function version {0}. Function version {0} is "
                                        "already included in routing configuration.",
                                        version),
                            400);
    }
    if (version == "$LATEST") {
        return lambda_error("InvalidParameterValueException",
                            "$LATEST is not supported for an alias pointing to more than 1 version",
                            400);
    }
    FRESHET_CHECK(check_version(s, tx, ctx, function, other));
    return weights;
}

}  // namespace

Result<model::AliasConfiguration> create_alias(FunctionsService& s, RequestContext& ctx,
                                               const model::CreateAliasRequest& in) {
    FRESHET_TRY(name, s.resolve_name(ctx, in.FunctionName));
    store::AliasRecord a;
    FRESHET_CHECK(s.store().transact([&](store::FunctionStore::Tx& tx) -> Result<void> {
        FRESHET_CHECK(check_version(s, tx, ctx, name, in.FunctionVersion));
        if (tx.alias(name, in.Name)) {
            return lambda_error("ResourceConflictException",
                                "Alias already exists: " + alias_arn(ctx, name, in.Name), 409);
        }
        FRESHET_TRY(weights, routing(s, tx, ctx, name, in.FunctionVersion, in.RoutingConfig));
        a.name = in.Name;
        a.function_version = in.FunctionVersion;
        a.description = in.Description.value_or("");
        a.additional_version_weights = std::move(weights);
        a.revision_id = ids::uuid4();
        tx.put_alias(name, a);
        return Ok{};
    }));
    return alias_out(ctx, name, a);
}

Result<model::AliasConfiguration> get_alias(FunctionsService& s, RequestContext& ctx,
                                            const model::GetAliasRequest& in) {
    FRESHET_TRY(name, s.resolve_name(ctx, in.FunctionName));
    FRESHET_TRY(f, s.load(ctx, name));
    auto a = s.store().alias(f.name, in.Name);
    if (!a) return alias_not_found(ctx, f.name, in.Name);
    return alias_out(ctx, f.name, *a);
}

Result<model::ListAliasesResponse> list_aliases(FunctionsService& s, RequestContext& ctx,
                                                const model::ListAliasesRequest& in) {
    FRESHET_TRY(name, s.resolve_name(ctx, in.FunctionName));
    FRESHET_TRY(f, s.load(ctx, name));
    size_t limit = static_cast<size_t>(in.MaxItems.value_or(50));
    std::string marker = in.Marker.value_or("");  // the last alias answered
    std::vector<model::AliasConfiguration> page;
    model::ListAliasesResponse out;
    for (const auto& a : s.store().aliases(f.name)) {
        if (!marker.empty() && a.name <= marker) continue;
        if (in.FunctionVersion && a.function_version != *in.FunctionVersion) continue;
        if (page.size() == limit) {
            out.NextMarker = *page.back().Name;
            break;
        }
        page.push_back(alias_out(ctx, f.name, a));
    }
    out.Aliases = std::move(page);
    return out;
}

Result<model::AliasConfiguration> update_alias(FunctionsService& s, RequestContext& ctx,
                                               const model::UpdateAliasRequest& in) {
    FRESHET_TRY(name, s.resolve_name(ctx, in.FunctionName));
    store::AliasRecord a;
    FRESHET_CHECK(s.store().transact([&](store::FunctionStore::Tx& tx) -> Result<void> {
        if (!tx.function(name)) return s.not_found(ctx, name);
        auto current = tx.alias(name, in.Name);
        if (!current) return alias_not_found(ctx, name, in.Name);
        if (in.RevisionId && *in.RevisionId != current->revision_id) return stale_revision();
        a = *current;
        if (in.FunctionVersion) {
            FRESHET_CHECK(check_version(s, tx, ctx, name, *in.FunctionVersion));
            a.function_version = *in.FunctionVersion;
        }
        if (in.Description) a.description = *in.Description;
        if (in.RoutingConfig) {
            FRESHET_TRY(weights, routing(s, tx, ctx, name, a.function_version, in.RoutingConfig));
            a.additional_version_weights = std::move(weights);
        } else if (a.additional_version_weights.count(a.function_version)) {
            // The new version is the one the weights pointed at.
            FRESHET_TRY(weights,
                        routing(s, tx, ctx, name, a.function_version,
                                model::AliasRoutingConfiguration{a.additional_version_weights}));
            a.additional_version_weights = std::move(weights);
        }
        a.revision_id = ids::uuid4();  // Lambda changes it on every update
        tx.put_alias(name, a);
        return Ok{};
    }));
    return alias_out(ctx, name, a);
}

Result<NoOutput> delete_alias(FunctionsService& s, RequestContext& ctx,
                              const model::DeleteAliasRequest& in) {
    FRESHET_TRY(name, s.resolve_name(ctx, in.FunctionName));
    FRESHET_CHECK(s.store().transact([&](store::FunctionStore::Tx& tx) -> Result<void> {
        if (!tx.function(name)) return s.not_found(ctx, name);
        // Deleting an alias that is not there succeeds, as on Lambda.
        tx.remove_alias(name, in.Name);
        tx.remove_policy(name, in.Name);
        return Ok{};
    }));
    return NoOutput{};
}

}  // namespace freshet::functions
