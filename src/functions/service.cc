#include "functions/service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "core/clock.h"
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
      pool_(options_.layout),
      async_(db, options_.async) {
    if (options_.confine) {
        const auto& l = options_.layout;
        auto c = Confinement::prepare(options_.data_dir,
                                      {l.runtimes_dir, l.sdk_node_path, l.node, l.python});
        if (c) {
            confinement_ = std::move(*c);
        } else {
            spdlog::warn("functions run as the server's user (root), not as users of their own: {}",
                         c.error().message);
        }
    }
    // What IAM authorizes against: the function's ARN; with the qualifier where the action
    // takes one (Lambda authorizes qualified ARNs for those); the tagged ARN for tags.
    auto by_name = [](const RequestContext& ctx, const auto& in) {
        return resource_arn(ctx, in.FunctionName, std::nullopt);
    };
    auto by_qualifier = [](const RequestContext& ctx, const auto& in) {
        return resource_arn(ctx, in.FunctionName, in.Qualifier);
    };
    auto by_resource = [](const RequestContext&, const auto& in) { return in.Resource; };
#define FRESHET_LAMBDA_ACTION(Name, Iam, Fn, In, Resource)                                      \
    actions_.add(action<m::In>(                                                                 \
        Name, Iam, [this](RequestContext& ctx, const m::In& in) { return Fn(*this, ctx, in); }, \
        Resource))
    // Giving a function a role needs iam:PassRole on that role too, as in AWS: otherwise
    // anyone allowed to create functions could run code with any role that trusts Lambda.
    auto with_pass_role = [](Action a) {
        a.also_authorize = [](const RequestContext&, const boost::json::value& input) {
            std::vector<std::pair<std::string, std::string>> more;
            const auto* role = input.as_object().if_contains("Role");
            if (role && role->is_string())
                more.emplace_back("iam:PassRole", std::string(role->get_string()));
            return more;
        };
        return a;
    };
    actions_.add(with_pass_role(action<m::CreateFunctionRequest>(
        "CreateFunction", "lambda:CreateFunction",
        [this](RequestContext& ctx, const m::CreateFunctionRequest& in) {
            return create_function(*this, ctx, in);
        },
        by_name)));
    FRESHET_LAMBDA_ACTION("GetFunction", "lambda:GetFunction", get_function, GetFunctionRequest,
                          by_qualifier);
    FRESHET_LAMBDA_ACTION("GetFunctionConfiguration", "lambda:GetFunctionConfiguration",
                          get_function_configuration, GetFunctionConfigurationRequest,
                          by_qualifier);
    FRESHET_LAMBDA_ACTION("DeleteFunction", "lambda:DeleteFunction", delete_function,
                          DeleteFunctionRequest, by_qualifier);
    FRESHET_LAMBDA_ACTION("UpdateFunctionCode", "lambda:UpdateFunctionCode", update_function_code,
                          UpdateFunctionCodeRequest, by_name);
    actions_.add(with_pass_role(action<m::UpdateFunctionConfigurationRequest>(
        "UpdateFunctionConfiguration", "lambda:UpdateFunctionConfiguration",
        [this](RequestContext& ctx, const m::UpdateFunctionConfigurationRequest& in) {
            return update_function_configuration(*this, ctx, in);
        },
        by_name)));
    FRESHET_LAMBDA_ACTION("PublishVersion", "lambda:PublishVersion", publish_version,
                          PublishVersionRequest, by_name);
    FRESHET_LAMBDA_ACTION("ListVersionsByFunction", "lambda:ListVersionsByFunction",
                          list_versions_by_function, ListVersionsByFunctionRequest, by_name);
    FRESHET_LAMBDA_ACTION("CreateAlias", "lambda:CreateAlias", create_alias, CreateAliasRequest,
                          by_name);
    FRESHET_LAMBDA_ACTION("GetAlias", "lambda:GetAlias", get_alias, GetAliasRequest, by_name);
    FRESHET_LAMBDA_ACTION("ListAliases", "lambda:ListAliases", list_aliases, ListAliasesRequest,
                          by_name);
    FRESHET_LAMBDA_ACTION("UpdateAlias", "lambda:UpdateAlias", update_alias, UpdateAliasRequest,
                          by_name);
    FRESHET_LAMBDA_ACTION("DeleteAlias", "lambda:DeleteAlias", delete_alias, DeleteAliasRequest,
                          by_name);
    FRESHET_LAMBDA_ACTION("PutFunctionConcurrency", "lambda:PutFunctionConcurrency",
                          put_function_concurrency, PutFunctionConcurrencyRequest, by_name);
    FRESHET_LAMBDA_ACTION("GetFunctionConcurrency", "lambda:GetFunctionConcurrency",
                          get_function_concurrency, GetFunctionConcurrencyRequest, by_name);
    FRESHET_LAMBDA_ACTION("DeleteFunctionConcurrency", "lambda:DeleteFunctionConcurrency",
                          delete_function_concurrency, DeleteFunctionConcurrencyRequest, by_name);
    FRESHET_LAMBDA_ACTION("AddPermission", "lambda:AddPermission", add_permission,
                          AddPermissionRequest, by_qualifier);
    FRESHET_LAMBDA_ACTION("RemovePermission", "lambda:RemovePermission", remove_permission,
                          RemovePermissionRequest, by_qualifier);
    FRESHET_LAMBDA_ACTION("GetPolicy", "lambda:GetPolicy", get_policy, GetPolicyRequest,
                          by_qualifier);
    FRESHET_LAMBDA_ACTION("TagResource", "lambda:TagResource", tag_resource, TagResourceRequest,
                          by_resource);
    FRESHET_LAMBDA_ACTION("UntagResource", "lambda:UntagResource", untag_resource,
                          UntagResourceRequest, by_resource);
    FRESHET_LAMBDA_ACTION("ListTags", "lambda:ListTags", list_tags, ListTagsRequest, by_resource);
    FRESHET_LAMBDA_ACTION("ListFunctions", "lambda:ListFunctions", list_functions,
                          ListFunctionsRequest, &any_resource<m::ListFunctionsRequest>);
    FRESHET_LAMBDA_ACTION("GetAccountSettings", "lambda:GetAccountSettings", get_account_settings,
                          GetAccountSettingsRequest, &any_resource<m::GetAccountSettingsRequest>);
#undef FRESHET_LAMBDA_ACTION
    actions_.add(async_action<m::InvocationRequest, m::InvocationResponse>(
        "Invoke", "lambda:InvokeFunction",
        [this](RequestContext& ctx, m::InvocationRequest in, Reply<m::InvocationResponse> r) {
            invoke(*this, ctx, std::move(in), std::move(r));
        },
        by_qualifier));
    if (!options_.endpoint_url.empty()) start_async_queue();
}

void FunctionsService::start_async_queue() {
    std::call_once(async_started_, [this] {
        async_.start([this](const AsyncEvent& e, std::function<void(AsyncQueue::Outcome)> done) {
            run_async_event(*this, e, std::move(done));
        });
    });
}

void FunctionsService::set_endpoint_url(std::string url) {
    {
        std::lock_guard lock(endpoint_mu_);
        options_.endpoint_url = std::move(url);
    }
    start_async_queue();
}

FunctionsService::~FunctionsService() {
    stop();
}

void FunctionsService::stop() {
    async_.stop();
    pool_.stop();
    if (confinement_) {
        std::error_code ec;
        std::filesystem::remove_all(confinement_->run_root(), ec);
    }
}

std::optional<int64_t> version_number(const std::string& qualifier) {
    if (qualifier.empty() || qualifier.size() > 18) return std::nullopt;
    for (char c : qualifier)
        if (c < '0' || c > '9') return std::nullopt;
    return std::stoll(qualifier);
}

std::string last_modified(const RequestContext& ctx) {
    std::string iso = iso8601(ctx.clock->now(), true);
    return iso.substr(0, iso.size() - 1) + "+0000";
}

ApiError stale_revision() {
    return lambda_error("PreconditionFailedException",
                        "The Revision Id provided does not match the latest Revision Id. Call "
                        "the GetFunction/GetAlias API to retrieve the latest Revision Id",
                        412);
}

std::string FunctionsService::arn(const RequestContext& ctx, const std::string& name) {
    if (name.rfind("arn:", 0) == 0) return name;
    return fmt::format("arn:aws:lambda:{}:{}:function:{}", ctx.region, ctx.principal.account_id,
                       name);
}

std::string FunctionsService::qualified_arn(const RequestContext& ctx, const std::string& name,
                                            const std::string& qualifier) {
    return qualifier.empty() ? arn(ctx, name) : arn(ctx, name) + ":" + qualifier;
}

std::string FunctionsService::resource_arn(const RequestContext& ctx,
                                           const std::string& name_or_arn,
                                           const std::optional<std::string>& qualifier) {
    std::string base;
    if (name_or_arn.rfind("arn:", 0) == 0)
        base = name_or_arn;
    else if (name_or_arn.find(":function:") != std::string::npos)  // "<account>:function:name"
        base = fmt::format("arn:aws:lambda:{}:{}", ctx.region, name_or_arn);
    else
        base = arn(ctx, name_or_arn);
    size_t at = base.find(":function:");
    bool inline_qualifier = at != std::string::npos && base.find(':', at + 10) != std::string::npos;
    if (qualifier && !qualifier->empty() && !inline_qualifier) base += ":" + *qualifier;
    return base;
}

Result<FunctionRef> FunctionsService::parse(const RequestContext& ctx,
                                            const std::string& name_or_arn,
                                            const std::optional<std::string>& qualifier) const {
    // "name", "<account>:function:name", "arn:aws:lambda:<region>:<account>:function:name",
    // each optionally ":<qualifier>".
    std::string rest = name_or_arn;
    size_t at = rest.find("function:");
    if (rest.rfind("arn:", 0) == 0 && at != std::string::npos) {
        // arn:aws:lambda:<region>:...: a function in another region is not reachable here.
        size_t r0 = rest.find(':', rest.find(":lambda") + 1) + 1;
        std::string region = rest.substr(r0, rest.find(':', r0) - r0);
        if (!region.empty() && region != ctx.region) {
            return lambda_error("ResourceNotFoundException",
                                fmt::format("Functions from '{}' are not reachable in this "
                                            "region ('{}')",
                                            region, ctx.region),
                                404);
        }
    }
    if (at != std::string::npos) rest = rest.substr(at + 9);
    FunctionRef ref;
    size_t colon = rest.find(':');
    ref.name = rest.substr(0, colon);
    std::string inline_qualifier = colon == std::string::npos ? "" : rest.substr(colon + 1);
    if (qualifier && !inline_qualifier.empty() && *qualifier != inline_qualifier) {
        return lambda_error("InvalidParameterValueException",
                            "The derived qualifier from the function name does not match the "
                            "specified qualifier.",
                            400);
    }
    ref.qualifier = qualifier.value_or(inline_qualifier);
    return ref;
}

Result<std::string> FunctionsService::resolve_name(const RequestContext& ctx,
                                                   const std::string& name_or_arn) const {
    FRESHET_TRY(ref, parse(ctx, name_or_arn, std::nullopt));
    if (!ref.qualifier.empty() && ref.qualifier != "$LATEST")
        return not_found(ctx, ref.name, ref.qualifier);
    return ref.name;
}

Result<Resolved> FunctionsService::resolve(const RequestContext& ctx,
                                           const FunctionRef& ref) const {
    auto f = store_.get(ref.name);
    if (!f) return not_found(ctx, ref.name, ref.qualifier);
    Resolved r{*f, *f, std::nullopt};
    if (ref.qualifier.empty() || ref.qualifier == "$LATEST") return r;
    std::string version = ref.qualifier;
    if (!version_number(version)) {
        r.alias = store_.alias(ref.name, ref.qualifier);
        if (!r.alias) return not_found(ctx, ref.name, ref.qualifier);
        version = r.alias->function_version;
        if (version == "$LATEST") return r;
    }
    auto v = store_.version(ref.name, *version_number(version));
    if (!v) return not_found(ctx, ref.name, ref.qualifier);
    r.config = *v;
    return r;
}

ApiError FunctionsService::not_found(const RequestContext& ctx, const std::string& name,
                                     const std::string& qualifier) const {
    return lambda_error("ResourceNotFoundException",
                        "Function not found: " + qualified_arn(ctx, name, qualifier), 404);
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

void FunctionsService::forget_os_user(const std::string& name) {
    if (!confinement_) return;
    if (auto number = store_.known_os_user(name)) confinement_->forget(*number);
}

Result<runtime::FunctionConfig> FunctionsService::environment_config(
    const RequestContext& ctx, const store::FunctionRecord& f) {
    runtime::FunctionConfig c;
    c.name = f.name;
    c.version = f.version;
    c.arn = f.version == "$LATEST" ? arn(ctx, f.name) : qualified_arn(ctx, f.name, f.version);
    c.runtime = f.runtime;
    c.handler = f.handler;
    c.memory_mb = static_cast<int>(f.memory_size);
    c.timeout_s = static_cast<int>(f.timeout);
    c.environment = f.environment;
    FRESHET_TRY(dir, code_dir(f));
    c.code_dir = dir;
    if (confinement_) {
        FRESHET_TRY(number, store_.os_user(f.name));
        FRESHET_TRY(task, confinement_->task_dirs(number, dir,
                                                  std::filesystem::path(dir).filename().string()));
        c.code_dir = task.code_dir;
        c.tmp_dir = task.tmp_dir;
        c.user = confinement_->user(number);
    }
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
