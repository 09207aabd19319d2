// PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency: a function's
// reserved concurrency, shared by all its versions and aliases, enforced by Invoke (see
// concurrency.h) and subtracted from the account's UnreservedConcurrentExecutions.
#include <fmt/format.h>

#include "functions/service.h"

namespace freshet::functions {

namespace {

// Lambda's default account quotas: 1,000 concurrent executions, of which at least 100 stay
// unreserved.
constexpr int64_t kAccountConcurrency = 1000;
constexpr int64_t kMinimumUnreserved = 100;

// The functions these actions take: unqualified only.
Result<std::string> function_only(FunctionsService& s, const RequestContext& ctx,
                                  const std::string& name_or_arn) {
    FRESHET_TRY(ref, s.parse(ctx, name_or_arn, std::nullopt));
    if (!ref.qualifier.empty()) {
        return lambda_error("InvalidParameterValueException",
                            "This operation is permitted on Lambda functions only. Aliases and "
                            "versions do not support this operation. Please specify either a "
                            "function name or an unqualified function ARN.",
                            400);
    }
    return ref.name;
}

}  // namespace

int64_t reserved_total(FunctionsService& s) {
    int64_t total = 0;
    for (const auto& f : s.store().list("", 1000000)) total += f.reserved_concurrency.value_or(0);
    return total;
}

Result<model::Concurrency> put_function_concurrency(
    FunctionsService& s, RequestContext& ctx, const model::PutFunctionConcurrencyRequest& in) {
    FRESHET_TRY(name, function_only(s, ctx, in.FunctionName));
    int64_t wanted = in.ReservedConcurrentExecutions;
    FRESHET_CHECK(s.store().transact([&](store::FunctionStore::Tx& tx) -> Result<void> {
        auto f = tx.function(name);
        if (!f) return s.not_found(ctx, name, "$LATEST");
        int64_t others = reserved_total(s) - f->reserved_concurrency.value_or(0);
        if (kAccountConcurrency - others - wanted < kMinimumUnreserved) {
            return lambda_error(
                "InvalidParameterValueException",
                fmt::format("Specified ReservedConcurrentExecutions for function decreases "
                            "account's UnreservedConcurrentExecution below its minimum value of "
                            "[{}].",
                            kMinimumUnreserved),
                400);
        }
        f->reserved_concurrency = wanted;
        tx.put_function(*f);
        return Ok{};
    }));
    model::Concurrency out;
    out.ReservedConcurrentExecutions = wanted;
    return out;
}

Result<model::GetFunctionConcurrencyResponse> get_function_concurrency(
    FunctionsService& s, RequestContext& ctx, const model::GetFunctionConcurrencyRequest& in) {
    FRESHET_TRY(name, function_only(s, ctx, in.FunctionName));
    FRESHET_TRY(f, s.load(ctx, name));
    model::GetFunctionConcurrencyResponse out;
    out.ReservedConcurrentExecutions = f.reserved_concurrency;  // absent when none is reserved
    return out;
}

Result<NoOutput> delete_function_concurrency(FunctionsService& s, RequestContext& ctx,
                                             const model::DeleteFunctionConcurrencyRequest& in) {
    FRESHET_TRY(name, function_only(s, ctx, in.FunctionName));
    FRESHET_CHECK(s.store().transact([&](store::FunctionStore::Tx& tx) -> Result<void> {
        auto f = tx.function(name);
        if (!f) return s.not_found(ctx, name);
        f->reserved_concurrency.reset();
        tx.put_function(*f);
        return Ok{};
    }));
    return NoOutput{};
}

}  // namespace freshet::functions
