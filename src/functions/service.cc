#include "functions/service.h"

#include <fmt/format.h>

#include <filesystem>

#include "functions/code.h"
#include "storage/db.h"

namespace freshet::functions {

namespace m = model;

ApiError lambda_error(std::string code, std::string message, int status) {
    return ApiError{std::move(code), std::move(message), status, status < 500, true};
}

FunctionsService::FunctionsService(storage::Db& db, FunctionsOptions options,
                                   RoleCredentials credentials)
    : store_(db),
      options_(std::move(options)),
      credentials_(std::move(credentials)),
      pool_(options_.layout) {
    auto fn_arn = [](auto get) {
        return [get](const RequestContext& ctx, const auto& in) {
            return arn(ctx, std::string(get(in)));
        };
    };
    auto by_name = fn_arn([](const auto& in) { return in.FunctionName; });
#define FRESHET_LAMBDA_ACTION(Name, Fn, In) \
    actions_.add(action<m::In>(             \
        Name, "lambda:" Name,               \
        [this](RequestContext& ctx, const m::In& in) { return Fn(*this, ctx, in); }, by_name))
    FRESHET_LAMBDA_ACTION("GetFunction", get_function, GetFunctionRequest);
    FRESHET_LAMBDA_ACTION("GetFunctionConfiguration", get_function_configuration,
                          GetFunctionConfigurationRequest);
    FRESHET_LAMBDA_ACTION("DeleteFunction", delete_function, DeleteFunctionRequest);
    FRESHET_LAMBDA_ACTION("UpdateFunctionCode", update_function_code, UpdateFunctionCodeRequest);
    FRESHET_LAMBDA_ACTION("UpdateFunctionConfiguration", update_function_configuration,
                          UpdateFunctionConfigurationRequest);
    FRESHET_LAMBDA_ACTION("CreateFunction", create_function, CreateFunctionRequest);
#undef FRESHET_LAMBDA_ACTION
    actions_.add(action<m::ListFunctionsRequest>(
        "ListFunctions", "lambda:ListFunctions",
        [this](RequestContext& ctx, const m::ListFunctionsRequest& in) {
            return list_functions(*this, ctx, in);
        },
        &any_resource<m::ListFunctionsRequest>));
    actions_.add(action<m::GetAccountSettingsRequest>(
        "GetAccountSettings", "lambda:GetAccountSettings",
        [this](RequestContext& ctx, const m::GetAccountSettingsRequest& in) {
            return get_account_settings(*this, ctx, in);
        },
        &any_resource<m::GetAccountSettingsRequest>));
    actions_.add(async_action<m::InvocationRequest, m::InvocationResponse>(
        "Invoke", "lambda:InvokeFunction",
        [this](RequestContext& ctx, m::InvocationRequest in, Reply<m::InvocationResponse> r) {
            invoke(*this, ctx, std::move(in), std::move(r));
        },
        by_name));
}

FunctionsService::~FunctionsService() {
    pool_.stop();
}

std::string FunctionsService::arn(const RequestContext& ctx, const std::string& name) {
    if (name.rfind("arn:", 0) == 0) return name;
    return fmt::format("arn:aws:lambda:{}:{}:function:{}", ctx.region, ctx.principal.account_id,
                       name);
}

Result<std::string> FunctionsService::resolve(const RequestContext& ctx,
                                              const std::string& name_or_arn,
                                              const std::optional<std::string>& qualifier) const {
    // "name", "123456789012:function:name", "arn:aws:lambda:<region>:<acct>:function:name",
    // each optionally ":<qualifier>".
    std::string name = name_or_arn, inline_qualifier;
    size_t at = name.find("function:");
    if (at != std::string::npos) name = name.substr(at + 9);
    size_t colon = name.find(':');
    if (colon != std::string::npos) {
        inline_qualifier = name.substr(colon + 1);
        name = name.substr(0, colon);
    }
    std::string q = qualifier.value_or(inline_qualifier);
    if (!q.empty() && q != "$LATEST") {
        return lambda_error("ResourceNotFoundException",
                            fmt::format("Function not found: {}:{}", arn(ctx, name), q), 404);
    }
    return name;
}

ApiError FunctionsService::not_found(const RequestContext& ctx, const std::string& name) const {
    return lambda_error("ResourceNotFoundException", "Function not found: " + arn(ctx, name), 404);
}

Result<store::FunctionRecord> FunctionsService::load(const RequestContext& ctx,
                                                     const std::string& name) const {
    auto f = store_.get(name);
    if (!f) return not_found(ctx, name);
    return *f;
}

Result<std::string> FunctionsService::code_dir(const store::FunctionRecord& f,
                                               const std::string* given) {
    // Code is content-addressed: one folder per zip, unpacked once, never changed after.
    std::string hex;
    for (char c : f.code_sha256) hex += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    std::string dir = options_.data_dir + "/functions/code/" + hex;
    std::error_code ec;
    if (std::filesystem::exists(dir + "/.complete", ec)) return dir;
    std::optional<std::string> stored;
    if (!given) {
        stored = store_.code(f.code_sha256);
        if (!stored)
            return ApiError::internal("the code of " + f.name + " is missing from storage");
        given = &*stored;
    }
    std::string staging = dir + ".unpacking";
    std::filesystem::remove_all(staging, ec);
    FRESHET_CHECK(unpack_zip(*given, staging));
    std::filesystem::remove_all(dir, ec);
    std::filesystem::rename(staging, dir, ec);
    if (ec) return ApiError::internal("cannot place unpacked code: " + ec.message());
    FILE* marker = std::fopen((dir + "/.complete").c_str(), "w");
    if (marker) std::fclose(marker);
    return dir;
}

Result<runtime::FunctionConfig> FunctionsService::environment_config(
    const RequestContext& ctx, const store::FunctionRecord& f) {
    runtime::FunctionConfig c;
    c.name = f.name;
    c.arn = arn(ctx, f.name);
    c.runtime = f.runtime;
    c.handler = f.handler;
    c.memory_mb = static_cast<int>(f.memory_size);
    c.timeout_s = static_cast<int>(f.timeout);
    c.environment = f.environment;
    FRESHET_TRY(dir, code_dir(f));
    c.code_dir = dir;
    FRESHET_TRY(creds, credentials_(f.role, f.name));
    c.platform_environment = std::move(creds);
    c.platform_environment["AWS_REGION"] = ctx.region;
    {
        std::lock_guard lock(endpoint_mu_);
        c.platform_environment["AWS_ENDPOINT_URL"] = options_.endpoint_url;
    }
    return c;
}

}  // namespace freshet::functions
