// DeleteFunction: without a qualifier the function goes with its versions, aliases and
// policies, and its warm environments end; with a version number only that version goes
// (refused while an alias points at it). $LATEST cannot be deleted on its own.
#include <fmt/format.h>

#include "functions/service.h"

namespace freshet::functions {

namespace {

Result<NoOutput> delete_version(FunctionsService& s, const RequestContext& ctx,
                                const FunctionRef& ref) {
    auto n = version_number(ref.qualifier);
    // An alias name deletes nothing, and neither does a version that is not there: Lambda
    // answers success for both.
    if (!n) return NoOutput{};
    FRESHET_CHECK(s.store().transact([&](store::FunctionStore::Tx& tx) -> Result<void> {
        if (!tx.function(ref.name)) return s.not_found(ctx, ref.name);
        std::string referencing;
        for (const auto& a : tx.aliases(ref.name)) {
            bool weighted = a.additional_version_weights.count(ref.qualifier) > 0;
            if (a.function_version != ref.qualifier && !weighted) continue;
            referencing += (referencing.empty() ? "" : ", ") + a.name;
        }
        if (!referencing.empty()) {
            return lambda_error("ResourceConflictException",
                                fmt::format("Unable to delete version because the following "
                                            "aliases reference it: [{}]",
                                            referencing),
                                409);
        }
        tx.remove_version(ref.name, *n);
        tx.remove_policy(ref.name, ref.qualifier);
        return Ok{};
    }));
    s.pool().retire(ref.name + ":" + ref.qualifier);
    return NoOutput{};
}

}  // namespace

Result<NoOutput> delete_function(FunctionsService& s, RequestContext& ctx,
                                 const model::DeleteFunctionRequest& in) {
    FRESHET_TRY(ref, s.parse(ctx, in.FunctionName, in.Qualifier));
    if (ref.qualifier == "$LATEST") {
        return lambda_error("InvalidParameterValueException",
                            "$LATEST version cannot be deleted without deleting the function.",
                            400);
    }
    if (!ref.qualifier.empty()) return delete_version(s, ctx, ref);
    FRESHET_TRY(f, s.load(ctx, ref.name));
    auto versions = s.store().versions(f.name, 0, 1000000);
    s.forget_os_user(f.name);
    FRESHET_CHECK(s.store().remove(f.name));
    s.pool().retire(f.name);
    for (const auto& v : versions) s.pool().retire(pool_key(v));
    s.invocation_metrics().forget(f.name);
    return NoOutput{};
}

}  // namespace freshet::functions
