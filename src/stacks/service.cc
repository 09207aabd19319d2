// CloudFormation's action table. CloudFormation authorizes stack actions against the stack's
// ARN (arn:aws:cloudformation:<region>:<account>:stack/<name>/*) and the rest against "*".
#include "stacks/service.h"

#include <fmt/format.h>

#include "stacks/api/handlers.h"

namespace freshet::stacks {
namespace {

std::string stack_arn(const RequestContext& ctx, const std::optional<std::string>& name) {
    if (!name || name->empty()) return "*";
    if (name->rfind("arn:", 0) == 0) return *name;
    return fmt::format("arn:aws:cloudformation:{}:{}:stack/{}/*", ctx.region,
                       ctx.principal.account_id, *name);
}

}  // namespace

// One row: AWS's operation Name, handler api::fn, input shape In, resource expression R.
#define CFN_ACTION(Name, fn, In, R)                                                           \
    actions_.add(action<model::In>(                                                           \
        #Name, "cloudformation:" #Name,                                                       \
        [this](RequestContext& ctx, const model::In& in) { return api::fn(*this, ctx, in); }, \
        [](const RequestContext& ctx, const model::In& in) -> std::string { return R; }))

StacksService::StacksService(storage::Db& db, StacksOptions options)
    : options_(std::move(options)),
      store_(db),
      engine_(store_, EngineDeps{options_.client, &responses_, options_.region, options_.account_id,
                                 options_.clock}) {
    dialect_.validation_code = "ValidationError";
    dialect_.serialization_code = "MalformedInput";
    dialect_.unknown_operation_code = "InvalidAction";
    add_stack_actions();
    add_change_set_actions();
}

StacksService::~StacksService() {
    stop();
}

void StacksService::start(const std::string& endpoint, const Principal& account) {
    responses_.set_endpoint(endpoint);
    engine_.resume(account);
}

void StacksService::stop() {
    responses_.cancel_all();
    engine_.stop();
}

void StacksService::add_stack_actions() {
    CFN_ACTION(CreateStack, create_stack, CreateStackInput, stack_arn(ctx, in.StackName));
    CFN_ACTION(UpdateStack, update_stack, UpdateStackInput, stack_arn(ctx, in.StackName));
    CFN_ACTION(DeleteStack, delete_stack, DeleteStackInput, stack_arn(ctx, in.StackName));
    CFN_ACTION(DescribeStacks, describe_stacks, DescribeStacksInput, stack_arn(ctx, in.StackName));
    CFN_ACTION(ListStacks, list_stacks, ListStacksInput, std::string("*"));
    CFN_ACTION(DescribeStackEvents, describe_stack_events, DescribeStackEventsInput,
               stack_arn(ctx, in.StackName));
    CFN_ACTION(DescribeStackResource, describe_stack_resource, DescribeStackResourceInput,
               stack_arn(ctx, in.StackName));
    CFN_ACTION(DescribeStackResources, describe_stack_resources, DescribeStackResourcesInput,
               stack_arn(ctx, in.StackName));
    CFN_ACTION(ListStackResources, list_stack_resources, ListStackResourcesInput,
               stack_arn(ctx, in.StackName));
    CFN_ACTION(GetTemplate, get_template, GetTemplateInput, stack_arn(ctx, in.StackName));
    CFN_ACTION(GetTemplateSummary, get_template_summary, GetTemplateSummaryInput,
               stack_arn(ctx, in.StackName));
    CFN_ACTION(ValidateTemplate, validate_template, ValidateTemplateInput, std::string("*"));
    CFN_ACTION(ListExports, list_exports, ListExportsInput, std::string("*"));
}

void StacksService::add_change_set_actions() {
    CFN_ACTION(CreateChangeSet, create_change_set, CreateChangeSetInput,
               stack_arn(ctx, in.StackName));
    CFN_ACTION(DescribeChangeSet, describe_change_set, DescribeChangeSetInput,
               stack_arn(ctx, in.StackName));
    CFN_ACTION(ExecuteChangeSet, execute_change_set, ExecuteChangeSetInput,
               stack_arn(ctx, in.StackName));
    CFN_ACTION(DeleteChangeSet, delete_change_set, DeleteChangeSetInput,
               stack_arn(ctx, in.StackName));
    CFN_ACTION(ListChangeSets, list_change_sets, ListChangeSetsInput, stack_arn(ctx, in.StackName));
}

}  // namespace freshet::stacks
