// CloudFormation (awsQuery, XML replies; botocore's "cloudformation" model, operations.txt):
// stacks from YAML or JSON templates with the SAM transform, change sets and exports. The
// engine (engine/engine.h) creates, updates and deletes resources in the background through
// the in-process client, as the caller, so the services' validation and IAM apply.
//
// Errors are CloudFormation's: ValidationError/400 for almost everything ("Stack with id X
// does not exist"), AlreadyExistsException, InsufficientCapabilitiesException,
// ChangeSetNotFound/404, InvalidChangeSetStatus. See README.md and
// docs/compatibility/stacks.md.
//
// Thread safety: handlers run on the IO threads concurrently; an operation on one stack at a
// time (a second one is refused while the first runs).
#pragma once

#include <memory>
#include <mutex>

#include "core/service.h"
#include "stacks/cloudformation.gen.h"
#include "stacks/engine/engine.h"
#include "stacks/engine/responses.h"
#include "stacks/store/stack_store.h"
#include "storage/db.h"

namespace freshet::stacks {

struct StacksOptions {
    ServiceClient* client = nullptr;
    std::string region = "us-east-1";
    std::string account_id;
    const Clock* clock = &system_clock();
};

class StacksService final : public Service {
  public:
    StacksService(storage::Db& db, StacksOptions options);
    ~StacksService() override;

    const shape::ServiceModel& model() const override { return model::service_model(); }
    const Action* find_action(std::string_view name) const override { return actions_.find(name); }
    const ErrorDialect& dialect() const override { return dialect_; }
    void stop() override;

    // After the server listens: where custom resources answer, and resuming interrupted
    // operations as the account's root.
    void start(const std::string& endpoint, const Principal& account);

    StackStore& store() { return store_; }
    Engine& engine() { return engine_; }
    Responses& responses() { return responses_; }
    const StacksOptions& options() const { return options_; }
    // Serializes the API's decisions about one stack (status checks, then the write).
    std::mutex& api_mutex() { return api_mu_; }

  private:
    void add_stack_actions();
    void add_change_set_actions();

    StacksOptions options_;
    StackStore store_;
    Responses responses_;
    Engine engine_;
    std::mutex api_mu_;
    ActionTable actions_;
    ErrorDialect dialect_;
};

}  // namespace freshet::stacks
