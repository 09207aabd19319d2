// Invoke: RequestResponse runs the function and answers its result (HTTP 200 even when the
// function fails: X-Amz-Function-Error carries "Unhandled"); Event queues it and answers 202;
// DryRun checks and answers 204. LogType Tail returns the last 4 KB of the log, base64.
// A qualifier runs that version (or the alias's version) in environments of its own, and
// ExecutedVersion says which ran.
#include <spdlog/spdlog.h>

#include <chrono>
#include <random>

#include "core/encoding.h"
#include "functions/service.h"

namespace freshet::functions {

namespace {

// Lambda's synchronous payload limit, request and response.
constexpr size_t kMaxPayload = 6 * 1024 * 1024;

std::string tail(const std::string& log) {
    return base64_encode(log.size() > 4096 ? log.substr(log.size() - 4096) : log);
}

// Lambda's answer when reserved concurrency is used up.
ApiError throttled() {
    ApiError e = lambda_error("TooManyRequestsException", "Rate Exceeded.", 429);
    e.details = {{"Reason", "ReservedFunctionConcurrentInvocationLimitExceeded"}};
    return e;
}

// The version an invocation runs: the one resolved, or, through an alias with a routing
// configuration, the additional version for its share of invocations.
Result<store::FunctionRecord> routed_version(FunctionsService& s, const RequestContext& ctx,
                                             const Resolved& r) {
    if (!r.alias || r.alias->additional_version_weights.empty()) return r.config;
    const auto& [version, weight] = *r.alias->additional_version_weights.begin();
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    if (std::uniform_real_distribution<double>(0.0, 1.0)(rng) >= weight) return r.config;
    auto n = version_number(version);
    auto v = n ? s.store().version(r.function.name, *n) : std::nullopt;
    if (!v) return s.not_found(ctx, r.function.name, version);
    return *v;
}

using Steady = std::chrono::steady_clock;

// For GET /metrics: a finished invocation, with the duration its environment measured.
void count_result(FunctionsService& s, const std::string& name,
                  const runtime::InvocationResult& r) {
    s.invocation_metrics().record(name, r.duration_ms / 1000, !r.function_error.empty());
}

// An invocation Freshet could not run counts as an error; a throttle (429, from the pool's
// queue limit) is not an invocation, as on Lambda.
void count_failure(FunctionsService& s, const std::string& name, const ApiError& e,
                   Steady::time_point started) {
    if (e.status == 429) return;
    s.invocation_metrics().record(
        name, std::chrono::duration<double>(Steady::now() - started).count(), true);
}

}  // namespace

void invoke(FunctionsService& s, RequestContext& ctx, model::InvocationRequest in,
            Reply<model::InvocationResponse> reply) {
    auto ref = s.parse(ctx, in.FunctionName, in.Qualifier);
    if (!ref.ok()) return reply(ref.error());
    auto resolved = s.resolve(ctx, ref.value());
    if (!resolved.ok()) return reply(resolved.error());
    std::string payload = in.Payload.value_or("");
    if (payload.size() > kMaxPayload) {
        return reply(lambda_error("RequestEntityTooLargeException",
                                  "Request must be smaller than 6291456 bytes for the "
                                  "InvokeFunction operation",
                                  413));
    }
    if (payload.empty()) payload = "{}";
    auto chosen = routed_version(s, ctx, resolved.value());
    if (!chosen.ok()) return reply(chosen.error());
    store::FunctionRecord record = std::move(chosen).value();
    std::string type = in.InvocationType.value_or("RequestResponse");
    model::InvocationResponse out;
    out.ExecutedVersion = record.version;
    if (type == "DryRun") {
        out.StatusCode = 204;
        return reply(out);
    }
    const std::string& name = record.name;
    if (type == "Event") {  // queued; the queue takes a concurrency slot when it runs it
        AsyncEvent event;
        event.function = name;
        event.version = record.version;
        event.region = ctx.region;
        event.payload = std::move(payload);
        event.client_context = in.ClientContext.value_or("");
        auto queued = s.async_queue().enqueue(std::move(event));
        if (!queued) return reply(queued.error());
        out.StatusCode = 202;
        return reply(out);
    }
    // Reserved concurrency: over it, a synchronous invocation is throttled at once.
    bool leased = s.concurrency().try_acquire(name, resolved.value().function.reserved_concurrency);
    RequestContext context = ctx;
    auto configure = [&s, context, record]() { return s.environment_config(context, record); };
    bool tail_log = in.LogType && *in.LogType == "Tail";
    const auto started = Steady::now();
    if (!leased) return reply(throttled());
    s.pool().invoke(
        pool_key(record), record.revision_id, configure, std::move(payload),
        in.ClientContext.value_or(""),
        [&s, name, reply, out, tail_log](runtime::InvocationResult r) mutable {
            s.concurrency().release(name);
            out.StatusCode = 200;
            if (r.payload.size() > kMaxPayload) {
                r.payload =
                    R"({"errorType":"Function.ResponseSizeTooLarge","errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes)."})";
                r.function_error = "Unhandled";
            }
            count_result(s, name, r);
            out.Payload = std::move(r.payload);
            if (!r.function_error.empty()) out.FunctionError = r.function_error;
            if (tail_log) out.LogResult = tail(r.log);
            reply(out);
        },
        [&s, name, reply, started](ApiError e) {
            s.concurrency().release(name);
            count_failure(s, name, e, started);
            reply(std::move(e));
        });
}

void run_async_event(FunctionsService& s, const AsyncEvent& e,
                     std::function<void(AsyncQueue::Outcome)> done) {
    using Outcome = AsyncQueue::Outcome;
    auto latest = s.store().get(e.function);
    auto n = version_number(e.version);
    auto record = !latest ? std::nullopt : n ? s.store().version(e.function, *n) : latest;
    if (!record) return done(Outcome::Gone);
    if (!s.concurrency().try_acquire(e.function, latest->reserved_concurrency))
        return done(Outcome::Throttled);
    RequestContext context;
    context.region = e.region;
    context.request_id = std::to_string(e.id);
    auto configure = [&s, context, record = *record]() {
        return s.environment_config(context, record);
    };
    const auto started = Steady::now();
    std::string name = e.function;
    s.pool().invoke(
        pool_key(*record), record->revision_id, configure, e.payload, e.client_context,
        [&s, name, done](runtime::InvocationResult r) {
            s.concurrency().release(name);
            count_result(s, name, r);
            if (!r.function_error.empty())
                spdlog::info("lambda {}: asynchronous invocation {} failed: {}", name, r.request_id,
                             r.payload);
            done(r.function_error.empty() ? Outcome::Ran : Outcome::FunctionError);
        },
        [&s, name, started, done](ApiError e) {
            s.concurrency().release(name);
            count_failure(s, name, e, started);
            // A full queue or a stopping server: not the function's fault, tried again later.
            bool later = e.status == 429 || e.code == "ServiceException";
            if (!later)
                spdlog::warn("lambda {}: asynchronous invocation not run: {}", name, e.message);
            done(later ? Outcome::Throttled : Outcome::FunctionError);
        });
}

Result<model::GetAccountSettingsResponse> get_account_settings(
    FunctionsService& s, RequestContext&, const model::GetAccountSettingsRequest&) {
    // Lambda's default quotas.
    model::AccountLimit limit;
    limit.TotalCodeSize = 80530636800;
    limit.CodeSizeUnzipped = 262144000;
    limit.CodeSizeZipped = 52428800;
    limit.ConcurrentExecutions = 1000;
    limit.UnreservedConcurrentExecutions = 1000 - reserved_total(s);
    model::AccountUsage usage;
    usage.TotalCodeSize = 0;
    usage.FunctionCount = static_cast<int64_t>(s.store().list("", 100000).size());
    model::GetAccountSettingsResponse out;
    out.AccountLimit = limit;
    out.AccountUsage = usage;
    return out;
}

}  // namespace freshet::functions
