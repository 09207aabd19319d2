// Invoke: RequestResponse runs the function and answers its result (HTTP 200 even when the
// function fails: X-Amz-Function-Error carries "Unhandled"); Event queues it and answers 202;
// DryRun checks and answers 204. LogType Tail returns the last 4 KB of the log, base64.
#include <spdlog/spdlog.h>

#include "core/encoding.h"
#include "functions/service.h"

namespace freshet::functions {

namespace {

// Lambda's synchronous payload limit, request and response.
constexpr size_t kMaxPayload = 6 * 1024 * 1024;

std::string tail(const std::string& log) {
    return base64_encode(log.size() > 4096 ? log.substr(log.size() - 4096) : log);
}

}  // namespace

void invoke(FunctionsService& s, RequestContext& ctx, model::InvocationRequest in,
            Reply<model::InvocationResponse> reply) {
    auto name = s.resolve(ctx, in.FunctionName, in.Qualifier);
    if (!name.ok()) return reply(name.error());
    auto f = s.load(ctx, name.value());
    if (!f.ok()) return reply(f.error());
    std::string payload = in.Payload.value_or("");
    if (payload.size() > kMaxPayload) {
        return reply(lambda_error("RequestEntityTooLargeException",
                                  "Request must be smaller than 6291456 bytes for the "
                                  "InvokeFunction operation",
                                  413));
    }
    if (payload.empty()) payload = "{}";
    std::string type = in.InvocationType.value_or("RequestResponse");
    model::InvocationResponse out;
    out.ExecutedVersion = "$LATEST";
    if (type == "DryRun") {
        out.StatusCode = 204;
        return reply(out);
    }
    store::FunctionRecord record = f.value();
    RequestContext context = ctx;
    auto configure = [&s, context, record]() { return s.environment_config(context, record); };
    bool tail_log = in.LogType && *in.LogType == "Tail";
    if (type == "Event") {
        out.StatusCode = 202;
        reply(out);
        return s.pool().invoke(
            record.name, record.revision_id, configure, std::move(payload),
            in.ClientContext.value_or(""),
            [name = record.name](runtime::InvocationResult r) {
                if (!r.function_error.empty())
                    spdlog::info("lambda {}: asynchronous invocation {} failed: {}", name,
                                 r.request_id, r.payload);
            },
            [name = record.name](ApiError e) {
                spdlog::warn("lambda {}: asynchronous invocation not run: {}", name, e.message);
            });
    }
    s.pool().invoke(
        record.name, record.revision_id, configure, std::move(payload),
        in.ClientContext.value_or(""),
        [reply, out, tail_log](runtime::InvocationResult r) mutable {
            out.StatusCode = 200;
            if (r.payload.size() > kMaxPayload) {
                r.payload =
                    R"({"errorType":"Function.ResponseSizeTooLarge","errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes)."})";
                r.function_error = "Unhandled";
            }
            out.Payload = std::move(r.payload);
            if (!r.function_error.empty()) out.FunctionError = r.function_error;
            if (tail_log) out.LogResult = tail(r.log);
            reply(out);
        },
        [reply](ApiError e) { reply(std::move(e)); });
}

Result<model::GetAccountSettingsResponse> get_account_settings(
    FunctionsService& s, RequestContext&, const model::GetAccountSettingsRequest&) {
    // Lambda's default quotas.
    model::AccountLimit limit;
    limit.TotalCodeSize = 80530636800;
    limit.CodeSizeUnzipped = 262144000;
    limit.CodeSizeZipped = 52428800;
    limit.ConcurrentExecutions = 1000;
    limit.UnreservedConcurrentExecutions = 1000;
    model::AccountUsage usage;
    usage.TotalCodeSize = 0;
    usage.FunctionCount = static_cast<int64_t>(s.store().list("", 100000).size());
    model::GetAccountSettingsResponse out;
    out.AccountLimit = limit;
    out.AccountUsage = usage;
    return out;
}

}  // namespace freshet::functions
