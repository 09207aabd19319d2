// Lambda (REST-JSON, /2015-03-31/...): functions as real processes. The action table, and
// what the handlers share: the store, the pool of execution environments, and how a
// function's role becomes credentials.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/service.h"
#include "functions/lambda.gen.h"
#include "functions/runtime/pool.h"
#include "functions/store/function_store.h"

namespace freshet::storage {
class Db;
}

namespace freshet::functions {

// The role's temporary credentials as environment variables (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), or the error if Lambda cannot assume the role.
using RoleCredentials = std::function<Result<std::map<std::string, std::string>>(
    const std::string& role_arn, const std::string& session)>;

struct FunctionsOptions {
    std::string data_dir;      // code is unpacked under <data_dir>/functions/code/<sha>
    std::string endpoint_url;  // what functions' SDKs are pointed at
    runtime::RuntimeLayout layout;
};

class FunctionsService final : public Service {
  public:
    FunctionsService(storage::Db& db, FunctionsOptions options, RoleCredentials credentials);
    ~FunctionsService() override;
    const shape::ServiceModel& model() const override { return model::service_model(); }
    const Action* find_action(std::string_view name) const override { return actions_.find(name); }
    const ErrorDialect& dialect() const override { return dialect_; }
    void stop() override { pool_.stop(); }

    store::FunctionStore& store() { return store_; }
    runtime::Pool& pool() { return pool_; }
    const FunctionsOptions& options() const { return options_; }
    // The URL functions' SDKs are pointed at, once the server knows its port.
    void set_endpoint_url(std::string url) {
        std::lock_guard lock(endpoint_mu_);
        options_.endpoint_url = std::move(url);
    }

    // Shared by the handlers.
    static std::string arn(const RequestContext& ctx, const std::string& name);
    // A function name, partial ARN or full ARN, to the name; ResourceNotFoundException when a
    // qualifier other than $LATEST is given (versions are not there yet).
    Result<std::string> resolve(const RequestContext& ctx, const std::string& name_or_arn,
                                const std::optional<std::string>& qualifier) const;
    ApiError not_found(const RequestContext& ctx, const std::string& name) const;
    Result<store::FunctionRecord> load(const RequestContext& ctx, const std::string& name) const;
    model::FunctionConfiguration configuration(const RequestContext& ctx,
                                               const store::FunctionRecord& f) const;
    // The directory with the function's unpacked code (unpacked on first use, from `zip` when
    // given, else from storage).
    Result<std::string> code_dir(const store::FunctionRecord& f, const std::string* zip = nullptr);
    // The configuration of a new execution environment, with fresh role credentials.
    Result<runtime::FunctionConfig> environment_config(const RequestContext& ctx,
                                                       const store::FunctionRecord& f);
    Result<std::map<std::string, std::string>> role_credentials(const std::string& role,
                                                                const std::string& session) {
        return credentials_(role, session);
    }

  private:
    store::FunctionStore store_;
    FunctionsOptions options_;
    mutable std::mutex endpoint_mu_;
    RoleCredentials credentials_;
    runtime::Pool pool_;
    ActionTable actions_;
    ErrorDialect dialect_;
};

// Lambda's errors carry "Message" and Type "User".
ApiError lambda_error(std::string code, std::string message, int status);

// Handlers, one file each under api/.
Result<model::FunctionConfiguration> create_function(FunctionsService& s, RequestContext& ctx,
                                                     const model::CreateFunctionRequest& in);
Result<model::GetFunctionResponse> get_function(FunctionsService& s, RequestContext& ctx,
                                                const model::GetFunctionRequest& in);
Result<model::FunctionConfiguration> get_function_configuration(
    FunctionsService& s, RequestContext& ctx, const model::GetFunctionConfigurationRequest& in);
Result<model::ListFunctionsResponse> list_functions(FunctionsService& s, RequestContext& ctx,
                                                    const model::ListFunctionsRequest& in);
Result<NoOutput> delete_function(FunctionsService& s, RequestContext& ctx,
                                 const model::DeleteFunctionRequest& in);
Result<model::FunctionConfiguration> update_function_code(
    FunctionsService& s, RequestContext& ctx, const model::UpdateFunctionCodeRequest& in);
Result<model::FunctionConfiguration> update_function_configuration(
    FunctionsService& s, RequestContext& ctx, const model::UpdateFunctionConfigurationRequest& in);
Result<model::GetAccountSettingsResponse> get_account_settings(
    FunctionsService& s, RequestContext& ctx, const model::GetAccountSettingsRequest& in);
void invoke(FunctionsService& s, RequestContext& ctx, model::InvocationRequest in,
            Reply<model::InvocationResponse> reply);

}  // namespace freshet::functions
