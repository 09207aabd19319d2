// Lambda (REST-JSON, /2015-03-31/...): functions as real processes. The action table, and
// what the handlers share: the store, the pool of execution environments, and how a
// function's role becomes credentials.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/client.h"
#include "core/service.h"
#include "functions/async_queue.h"
#include "functions/concurrency.h"
#include "functions/confinement.h"
#include "functions/lambda.gen.h"
#include "functions/metrics.h"
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
    // The in-process client: code packages in S3 are read through it (s3_code.h).
    ServiceClient* client = nullptr;
    // Run each function as an OS user of its own (confinement.h); for a server running as
    // root. When it cannot be applied, the server says why and functions run as its user.
    bool confine = false;
    AsyncQueueOptions async;  // retries of Event invocations (Lambda's delays by default)
};

// A function as an action names it.
struct FunctionRef {
    std::string name;
    std::string qualifier;  // "" when none was given
};

// What a function name with a qualifier stands for.
struct Resolved {
    store::FunctionRecord function;           // $LATEST: tags, reserved concurrency, versions
    store::FunctionRecord config;             // what runs: $LATEST or a published version
    std::optional<store::AliasRecord> alias;  // when the qualifier named an alias
};

// A version number from a qualifier ("7"), or nullopt for $LATEST and alias names.
std::optional<int64_t> version_number(const std::string& qualifier);
// Lambda's LastModified: 2026-11-26T14:52:39.123+0000.
std::string last_modified(const RequestContext& ctx);
// Lambda's answer to a RevisionId that is not the current one.
ApiError stale_revision();

class FunctionsService final : public Service {
  public:
    FunctionsService(storage::Db& db, FunctionsOptions options, RoleCredentials credentials);
    ~FunctionsService() override;
    const shape::ServiceModel& model() const override { return model::service_model(); }
    const Action* find_action(std::string_view name) const override { return actions_.find(name); }
    const ErrorDialect& dialect() const override { return dialect_; }
    // Ends the queue and every environment, and removes the functions' copies of their code.
    void stop() override;
    // Per function: invocations, errors, durations, concurrent executions (metrics.cc).
    void write_metrics(MetricsWriter& w) const override;

    store::FunctionStore& store() { return store_; }
    runtime::Pool& pool() { return pool_; }
    AsyncQueue& async_queue() { return async_; }
    const FunctionsOptions& options() const { return options_; }
    // The URL functions' SDKs are pointed at, once the server knows its port. Queued Event
    // invocations (those a previous run left too) start running then, not before.
    void set_endpoint_url(std::string url);

    // Shared by the handlers.
    // The unqualified ARN of a function name (an ARN is returned as it is).
    static std::string arn(const RequestContext& ctx, const std::string& name);
    // The ARN with ":<qualifier>" when the qualifier is not empty.
    static std::string qualified_arn(const RequestContext& ctx, const std::string& name,
                                     const std::string& qualifier);
    // What IAM authorizes against: the function's ARN, with the qualifier when one is given
    // (inline or apart). Never fails: malformed names are refused later by the handler.
    static std::string resource_arn(const RequestContext& ctx, const std::string& name_or_arn,
                                    const std::optional<std::string>& qualifier);
    // A function name, partial ARN or full ARN, with an optional qualifier given inline
    // ("name:3") or apart; InvalidParameterValueException when both are given and differ.
    Result<FunctionRef> parse(const RequestContext& ctx, const std::string& name_or_arn,
                              const std::optional<std::string>& qualifier) const;
    // For actions on the function itself (create, update): the name; a qualifier other than
    // $LATEST is ResourceNotFoundException, as on Lambda.
    Result<std::string> resolve_name(const RequestContext& ctx,
                                     const std::string& name_or_arn) const;
    // The function and the configuration the qualifier names ($LATEST, a version, an alias),
    // or Lambda's ResourceNotFoundException.
    Result<Resolved> resolve(const RequestContext& ctx, const FunctionRef& ref) const;
    ApiError not_found(const RequestContext& ctx, const std::string& name,
                       const std::string& qualifier = "") const;
    Result<store::FunctionRecord> load(const RequestContext& ctx, const std::string& name) const;
    // The FunctionConfiguration of $LATEST or of a version; `arn_qualifier` is appended to
    // FunctionArn ("" for the unqualified ARN).
    model::FunctionConfiguration configuration(const RequestContext& ctx,
                                               const store::FunctionRecord& f,
                                               const std::string& arn_qualifier = "") const;
    // Reserved concurrency: in-flight invocations per function, over all its versions.
    Concurrency& concurrency() { return concurrency_; }
    // What GET /metrics reports of finished invocations (metrics.h).
    InvocationMetrics& invocation_metrics() { return invocation_metrics_; }
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
    // The function is being deleted: its OS user's folder goes (before the store forgets it).
    void forget_os_user(const std::string& name);

  private:
    store::FunctionStore store_;
    FunctionsOptions options_;
    mutable std::mutex endpoint_mu_;
    RoleCredentials credentials_;
    runtime::Pool pool_;
    AsyncQueue async_;  // runs through pool_; stopped first
    std::once_flag async_started_;
    void start_async_queue();
    std::optional<Confinement> confinement_;
    Concurrency concurrency_;
    InvocationMetrics invocation_metrics_;
    ActionTable actions_;
    ErrorDialect dialect_;
};

// Runs one queued Event invocation (api/invoke.cc).
void run_async_event(FunctionsService& s, const AsyncEvent& e,
                     std::function<void(AsyncQueue::Outcome)> done);

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

// Versions (api/versions.cc). publish() is shared with CreateFunction and UpdateFunctionCode
// (Publish: true): $LATEST becomes version N+1, or the last version is returned when nothing
// changed since it was published.
Result<store::FunctionRecord> publish(FunctionsService& s, const RequestContext& ctx,
                                      const std::string& name,
                                      const std::optional<std::string>& code_sha256,
                                      const std::optional<std::string>& description,
                                      const std::optional<std::string>& revision_id);
// The pool's key for a configuration: "name" for $LATEST, "name:N" for a version, so that a
// version runs in environments of its own.
std::string pool_key(const store::FunctionRecord& f);
Result<model::FunctionConfiguration> publish_version(FunctionsService& s, RequestContext& ctx,
                                                     const model::PublishVersionRequest& in);
Result<model::ListVersionsByFunctionResponse> list_versions_by_function(
    FunctionsService& s, RequestContext& ctx, const model::ListVersionsByFunctionRequest& in);

// Aliases (api/aliases.cc).
Result<model::AliasConfiguration> create_alias(FunctionsService& s, RequestContext& ctx,
                                               const model::CreateAliasRequest& in);
Result<model::AliasConfiguration> get_alias(FunctionsService& s, RequestContext& ctx,
                                            const model::GetAliasRequest& in);
Result<model::ListAliasesResponse> list_aliases(FunctionsService& s, RequestContext& ctx,
                                                const model::ListAliasesRequest& in);
Result<model::AliasConfiguration> update_alias(FunctionsService& s, RequestContext& ctx,
                                               const model::UpdateAliasRequest& in);
Result<NoOutput> delete_alias(FunctionsService& s, RequestContext& ctx,
                              const model::DeleteAliasRequest& in);

// Reserved concurrency (api/concurrency.cc). reserved_total: the sum over all functions.
int64_t reserved_total(FunctionsService& s);
Result<model::Concurrency> put_function_concurrency(FunctionsService& s, RequestContext& ctx,
                                                    const model::PutFunctionConcurrencyRequest& in);
Result<model::GetFunctionConcurrencyResponse> get_function_concurrency(
    FunctionsService& s, RequestContext& ctx, const model::GetFunctionConcurrencyRequest& in);
Result<NoOutput> delete_function_concurrency(FunctionsService& s, RequestContext& ctx,
                                             const model::DeleteFunctionConcurrencyRequest& in);

// Resource-based policies (api/permissions.cc).
Result<model::AddPermissionResponse> add_permission(FunctionsService& s, RequestContext& ctx,
                                                    const model::AddPermissionRequest& in);
Result<NoOutput> remove_permission(FunctionsService& s, RequestContext& ctx,
                                   const model::RemovePermissionRequest& in);
Result<model::GetPolicyResponse> get_policy(FunctionsService& s, RequestContext& ctx,
                                            const model::GetPolicyRequest& in);

// Tags (api/tags.cc).
Result<NoOutput> tag_resource(FunctionsService& s, RequestContext& ctx,
                              const model::TagResourceRequest& in);
Result<NoOutput> untag_resource(FunctionsService& s, RequestContext& ctx,
                                const model::UntagResourceRequest& in);
Result<model::ListTagsResponse> list_tags(FunctionsService& s, RequestContext& ctx,
                                          const model::ListTagsRequest& in);

}  // namespace freshet::functions
