// CloudFormation's handlers, one group per file (stacks, resources and events, templates,
// change sets, exports), and the helpers they share.
#pragma once

#include <map>
#include <string>

#include "core/service.h"
#include "stacks/service.h"

namespace freshet::stacks::api {

namespace m = model;

// "Stack with id X does not exist" (ValidationError, 400).
ApiError stack_not_found(const std::string& name);
// The live stack with this name, or the stack (live or deleted) with this id.
Result<StackRecord> find_stack(StacksService& svc, const std::string& name_or_id);
std::string new_stack_id(const StacksService& svc, const std::string& name);
Pseudo pseudo_of(const StacksService& svc, const StackRecord& s);
// The template body of a request: TemplateBody, or the stack's with UsePreviousTemplate.
Result<std::string> template_body(const std::optional<std::string>& body,
                                  const std::optional<std::string>& url, bool use_previous,
                                  const StackRecord* previous);
// The caller's parameters, UsePreviousValue taken from `previous`.
Result<std::map<std::string, std::string>> given_parameters(
    const std::optional<std::vector<m::Parameter>>& in, const StackRecord* previous);
std::string template_description(const boost::json::object& tmpl);
std::vector<m::Parameter> parameters_of(const std::map<std::string, std::string>& values,
                                        const std::set<std::string>& no_echo);
std::vector<m::Tag> tags_of(const std::vector<std::pair<std::string, std::string>>& tags);
std::vector<std::pair<std::string, std::string>> tag_pairs(
    const std::optional<std::vector<m::Tag>>& tags);
TimePoint time_of(int64_t ms);
int64_t now_ms(const RequestContext& ctx);

Result<m::CreateStackOutput> create_stack(StacksService& svc, RequestContext& ctx,
                                          const m::CreateStackInput& in);
Result<m::UpdateStackOutput> update_stack(StacksService& svc, RequestContext& ctx,
                                          const m::UpdateStackInput& in);
Result<NoOutput> delete_stack(StacksService& svc, RequestContext& ctx,
                              const m::DeleteStackInput& in);
Result<m::DescribeStacksOutput> describe_stacks(StacksService& svc, RequestContext& ctx,
                                                const m::DescribeStacksInput& in);
Result<m::ListStacksOutput> list_stacks(StacksService& svc, RequestContext& ctx,
                                        const m::ListStacksInput& in);
Result<m::DescribeStackEventsOutput> describe_stack_events(StacksService& svc, RequestContext& ctx,
                                                           const m::DescribeStackEventsInput& in);
Result<m::DescribeStackResourceOutput> describe_stack_resource(
    StacksService& svc, RequestContext& ctx, const m::DescribeStackResourceInput& in);
Result<m::DescribeStackResourcesOutput> describe_stack_resources(
    StacksService& svc, RequestContext& ctx, const m::DescribeStackResourcesInput& in);
Result<m::ListStackResourcesOutput> list_stack_resources(StacksService& svc, RequestContext& ctx,
                                                         const m::ListStackResourcesInput& in);
Result<m::GetTemplateOutput> get_template(StacksService& svc, RequestContext& ctx,
                                          const m::GetTemplateInput& in);
Result<m::GetTemplateSummaryOutput> get_template_summary(StacksService& svc, RequestContext& ctx,
                                                         const m::GetTemplateSummaryInput& in);
Result<m::ValidateTemplateOutput> validate_template(StacksService& svc, RequestContext& ctx,
                                                    const m::ValidateTemplateInput& in);
Result<m::CreateChangeSetOutput> create_change_set(StacksService& svc, RequestContext& ctx,
                                                   const m::CreateChangeSetInput& in);
Result<m::DescribeChangeSetOutput> describe_change_set(StacksService& svc, RequestContext& ctx,
                                                       const m::DescribeChangeSetInput& in);
Result<NoOutput> execute_change_set(StacksService& svc, RequestContext& ctx,
                                    const m::ExecuteChangeSetInput& in);
Result<NoOutput> delete_change_set(StacksService& svc, RequestContext& ctx,
                                   const m::DeleteChangeSetInput& in);
Result<m::ListChangeSetsOutput> list_change_sets(StacksService& svc, RequestContext& ctx,
                                                 const m::ListChangeSetsInput& in);
Result<m::ListExportsOutput> list_exports(StacksService& svc, RequestContext& ctx,
                                          const m::ListExportsInput& in);

}  // namespace freshet::stacks::api
