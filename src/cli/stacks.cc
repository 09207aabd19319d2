// `freshet deploy`, `freshet stacks`, `freshet outputs` and `freshet delete`: CloudFormation
// through its query API. Operations run in the background on the server; the commands follow
// them with DescribeStacks and DescribeStackEvents, printing each event once, oldest first.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "cli/aws_client.h"
#include "cli/commands.h"
#include "cli/package.h"
#include "cli/stacks.h"
#include "cli/xml.h"
#include "core/encoding.h"

namespace freshet::cli {

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(200);
// `freshet deploy` acknowledges every capability: the user deploys their own template.
const char* const kCapabilities[] = {"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM",
                                     "CAPABILITY_AUTO_EXPAND"};

using Params = std::vector<std::pair<std::string, std::string>>;

int fail(const ApiError& e) {
    std::fprintf(stderr, "%s: %s\n", e.code.c_str(), e.message.c_str());
    return 1;
}

Result<XmlNode> cloudformation(const ClientOptions& options, const std::string& action,
                               const Params& params) {
    std::string body = "Action=" + action + "&Version=2010-05-15";
    for (const auto& [k, v] : params) body += "&" + uri_encode(k) + "=" + uri_encode(v);
    FRESHET_TRY(reply, call_query(options, "cloudformation", body));
    return parse_reply(reply);
}

bool is_terminal(const std::string& status) {
    return !status.empty() && !status.ends_with("_IN_PROGRESS");
}

}  // namespace

// CloudFormation's answer for a stack it does not know (or no longer knows, once deleted).
bool is_stack_not_found(const ApiError& e) {
    return e.code == "ValidationError" && e.message.starts_with("Stack with id") &&
           e.message.ends_with("does not exist");
}

Result<StackInfo> describe_stack(const ClientOptions& options, const std::string& name_or_id) {
    FRESHET_TRY(xml, cloudformation(options, "DescribeStacks", {{"StackName", name_or_id}}));
    auto stacks = members_at(xml, "DescribeStacksResult/Stacks");
    if (stacks.empty())
        return ApiError{"ValidationError", "Stack with id " + name_or_id + " does not exist", 400};
    const XmlNode& s = *stacks.front();
    StackInfo info{text_at(s, "StackId"),
                   text_at(s, "StackName"),
                   text_at(s, "StackStatus"),
                   text_at(s, "StackStatusReason"),
                   {}};
    for (const XmlNode* o : members_at(s, "Outputs"))
        info.outputs.push_back({text_at(*o, "OutputKey"), text_at(*o, "OutputValue")});
    return info;
}

Result<std::string> stack_resource_id(const ClientOptions& options, const std::string& stack,
                                      const std::string& logical_id) {
    FRESHET_TRY(xml, cloudformation(options, "DescribeStackResource",
                                    {{"StackName", stack}, {"LogicalResourceId", logical_id}}));
    return text_at(xml, "DescribeStackResourceResult/StackResourceDetail/PhysicalResourceId");
}

namespace {

void print_outputs(const StackInfo& info) {
    for (const auto& [key, value] : info.outputs)
        std::printf("%s = %s\n", key.c_str(), value.c_str());
}

struct Event {
    std::string id, time, logical_id, type, status, reason;
};

// The stack's events that are not in `seen`, oldest first; adds them to `seen`.
// DescribeStackEvents lists the newest first, so reading stops at the first one already seen.
Result<std::vector<Event>> new_events(const ClientOptions& options, const std::string& stack_id,
                                      std::set<std::string>& seen) {
    std::vector<Event> out;
    std::string token;
    bool done = false;
    while (!done) {
        Params params{{"StackName", stack_id}};
        if (!token.empty()) params.push_back({"NextToken", token});
        FRESHET_TRY(xml, cloudformation(options, "DescribeStackEvents", params));
        for (const XmlNode* e : members_at(xml, "DescribeStackEventsResult/StackEvents")) {
            Event event{text_at(*e, "EventId"),           text_at(*e, "Timestamp"),
                        text_at(*e, "LogicalResourceId"), text_at(*e, "ResourceType"),
                        text_at(*e, "ResourceStatus"),    text_at(*e, "ResourceStatusReason")};
            if (seen.count(event.id)) {
                done = true;
                break;
            }
            out.push_back(std::move(event));
        }
        token = text_at(xml, "DescribeStackEventsResult/NextToken");
        done = done || token.empty();
    }
    std::reverse(out.begin(), out.end());
    for (const auto& e : out) seen.insert(e.id);
    return out;
}

// Prints the stack's new events until its status is terminal; returns the stack then. A stack
// that is gone while followed (a deletion, once the server forgets it) is DELETE_COMPLETE.
Result<StackInfo> follow(const ClientOptions& options, const std::string& stack_id,
                         std::set<std::string> seen) {
    while (true) {
        auto info = describe_stack(options, stack_id);
        if (!info.ok() && is_stack_not_found(info.error()))
            return StackInfo{stack_id, "", "DELETE_COMPLETE", "", {}};
        if (!info.ok()) return std::move(info).take_error();
        // The status is read first: once it is terminal, every event is already there.
        FRESHET_TRY(events, new_events(options, stack_id, seen));
        for (const auto& e : events) {
            std::printf("%s %s %s %s%s%s\n", e.time.c_str(), e.logical_id.c_str(), e.type.c_str(),
                        e.status.c_str(), e.reason.empty() ? "" : " ", e.reason.c_str());
        }
        std::fflush(stdout);
        if (is_terminal(info->status)) return std::move(*info);
        std::this_thread::sleep_for(kPollInterval);
    }
}

// Every event id the stack has now, so that following it prints only what comes next.
Result<std::set<std::string>> events_so_far(const ClientOptions& options,
                                            const std::string& stack_id) {
    std::set<std::string> seen;
    FRESHET_TRY(ignored, new_events(options, stack_id, seen));
    return seen;
}

Result<std::string> read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return ApiError{"ValidationError", "cannot read the template " + path, 400};
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The request's parameters apart from the template: the stack, the capabilities, --param.
Result<Params> deploy_params(const DeployOptions& d) {
    Params p{{"StackName", d.stack}};
    int n = 0;
    for (const char* c : kCapabilities)
        p.push_back({"Capabilities.member." + std::to_string(++n), c});
    n = 0;
    for (const auto& kv : d.params) {
        size_t eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
            return ApiError{"ValidationError", "--param expects KEY=VALUE, not " + kv, 400};
        std::string prefix = "Parameters.member." + std::to_string(++n) + ".";
        p.push_back({prefix + "ParameterKey", kv.substr(0, eq)});
        p.push_back({prefix + "ParameterValue", kv.substr(eq + 1)});
    }
    return p;
}

// Starts the operation: returns the stack id, or nullopt when there is nothing to update.
Result<std::optional<std::string>> start_deploy(const ClientOptions& options, Params params,
                                                const std::string& body, bool exists) {
    params.push_back({"TemplateBody", body});
    const std::string action = exists ? "UpdateStack" : "CreateStack";
    auto xml = cloudformation(options, action, params);
    if (!xml.ok() && exists && xml.error().message == "No updates are to be performed.")
        return std::optional<std::string>();
    if (!xml.ok()) return std::move(xml).take_error();
    return std::optional<std::string>(text_at(*xml, action + "Result/StackId"));
}

Result<int> run_deploy(const ClientOptions& options, const DeployOptions& d) {
    FRESHET_TRY(params, deploy_params(d));
    FRESHET_TRY(text, read_text(d.template_file));
    auto dir = std::filesystem::absolute(d.template_file).parent_path();
    FRESHET_TRY(body, package_template(options, dir, text));
    auto before = describe_stack(options, d.stack);
    if (!before.ok() && !is_stack_not_found(before.error())) return std::move(before).take_error();
    std::set<std::string> seen;
    if (before.ok()) {
        FRESHET_TRY(so_far, events_so_far(options, before->id));
        seen = std::move(so_far);
    }
    FRESHET_TRY(id, start_deploy(options, std::move(params), body, before.ok()));
    if (!id) {
        std::printf("No changes to deploy; stack %s is up to date.\n", d.stack.c_str());
        return 0;
    }
    if (d.no_wait) {
        std::printf("%s stack %s: %s\n", before.ok() ? "Updating" : "Creating", d.stack.c_str(),
                    id->c_str());
        return 0;
    }
    FRESHET_TRY(after, follow(options, *id, std::move(seen)));
    if (after.status == "CREATE_COMPLETE" || after.status == "UPDATE_COMPLETE") {
        if (d.print_outputs) print_outputs(after);
        return 0;
    }
    std::fprintf(stderr, "Stack %s: %s%s%s\n", d.stack.c_str(), after.status.c_str(),
                 after.reason.empty() ? "" : ": ", after.reason.c_str());
    return 1;
}

Result<int> run_delete(const ClientOptions& options, const std::string& name, bool no_wait) {
    FRESHET_TRY(before, describe_stack(options, name));
    FRESHET_TRY(seen, events_so_far(options, before.id));
    FRESHET_TRY(ignored, cloudformation(options, "DeleteStack", {{"StackName", before.id}}));
    if (no_wait) {
        std::printf("Deleting stack %s: %s\n", name.c_str(), before.id.c_str());
        return 0;
    }
    FRESHET_TRY(after, follow(options, before.id, std::move(seen)));
    if (after.status == "DELETE_COMPLETE") return 0;
    std::fprintf(stderr, "Stack %s: %s%s%s\n", name.c_str(), after.status.c_str(),
                 after.reason.empty() ? "" : ": ", after.reason.c_str());
    return 1;
}

int exit_code(const Result<int>& r) {
    return r.ok() ? r.value() : fail(r.error());
}

}  // namespace

int deploy(const ClientOptions& options, const DeployOptions& d) {
    return exit_code(run_deploy(options, d));
}

int delete_stack(const ClientOptions& options, const std::string& name, bool no_wait) {
    return exit_code(run_delete(options, name, no_wait));
}

int outputs(const ClientOptions& options, const std::string& name) {
    auto info = describe_stack(options, name);
    if (!info.ok()) return fail(info.error());
    print_outputs(*info);
    return 0;
}

int stacks(const ClientOptions& options) {
    std::vector<std::array<std::string, 3>> rows{{"NAME", "STATUS", "UPDATED"}};
    std::string token;
    do {
        Params params;
        if (!token.empty()) params.push_back({"NextToken", token});
        auto xml = cloudformation(options, "ListStacks", params);
        if (!xml.ok()) return fail(xml.error());
        for (const XmlNode* s : members_at(*xml, "ListStacksResult/StackSummaries")) {
            std::string status = text_at(*s, "StackStatus");
            if (status == "DELETE_COMPLETE") continue;
            std::string updated = text_at(*s, "LastUpdatedTime");
            rows.push_back({text_at(*s, "StackName"), status,
                            updated.empty() ? text_at(*s, "CreationTime") : updated});
        }
        token = text_at(*xml, "ListStacksResult/NextToken");
    } while (!token.empty());
    size_t w0 = 0, w1 = 0;
    for (const auto& r : rows) {
        w0 = std::max(w0, r[0].size());
        w1 = std::max(w1, r[1].size());
    }
    for (const auto& r : rows)
        std::printf("%-*s  %-*s  %s\n", static_cast<int>(w0), r[0].c_str(), static_cast<int>(w1),
                    r[1].c_str(), r[2].c_str());
    return 0;
}

}  // namespace freshet::cli
