#include "logs/service.h"

#include "logs/api/common.h"
#include "logs/api/handlers.h"
#include "logs/sink.h"

namespace freshet::logs {

namespace {

template <class In>
using ResourceFn = std::function<std::string(const RequestContext&, const In&)>;

// The log group's ARN, from logGroupName or logGroupIdentifier.
template <class In>
ResourceFn<In> on_group() {
    return [](const RequestContext& ctx, const In& in) -> std::string {
        std::optional<std::string> name;
        if constexpr (requires { in.logGroupIdentifier; }) {
            auto n = group_name_of(in.logGroupName, in.logGroupIdentifier);
            if (!n.ok()) return "*";
            name = *n;
        } else {
            name = in.logGroupName;
        }
        return group_arn(ctx.region, ctx.principal.account_id, *name);
    };
}

// The log stream's ARN (PutLogEvents, GetLogEvents, DeleteLogStream: AWS's authorization
// reference lists the log-stream resource type for them).
template <class In>
ResourceFn<In> on_stream() {
    return [](const RequestContext& ctx, const In& in) -> std::string {
        std::optional<std::string> name;
        if constexpr (requires { in.logGroupIdentifier; }) {
            auto n = group_name_of(in.logGroupName, in.logGroupIdentifier);
            if (!n.ok()) return "*";
            name = *n;
        } else {
            name = in.logGroupName;
        }
        return stream_arn(ctx.region, ctx.principal.account_id, *name, in.logStreamName);
    };
}

template <class In, class Out>
Action sync(LogsService* svc, const char* name,
            Result<Out> (*fn)(LogsService&, RequestContext&, const In&), ResourceFn<In> resource) {
    return action<In>(
        name, std::string("logs:") + name,
        [svc, fn](RequestContext& ctx, const In& in) { return fn(*svc, ctx, in); },
        std::move(resource));
}

template <class In, class Out>
Action async(LogsService* svc, const char* name,
             void (*fn)(LogsService&, RequestContext&, In, Reply<Out>), ResourceFn<In> resource) {
    return async_action<In, Out>(
        name, std::string("logs:") + name,
        [svc, fn](RequestContext& ctx, In in, Reply<Out> reply) {
            fn(*svc, ctx, std::move(in), std::move(reply));
        },
        std::move(resource));
}

}  // namespace

LogsService::LogsService(storage::Db& db, LogsOptions options)
    : db_(db),
      options_(options),
      trimmer_(db, *options.clock, options.trim_interval),
      sink_(std::make_shared<StoreSink>(db, *options.clock)) {
    // CloudWatch Logs answers constraint violations as InvalidParameterException with the
    // usual "N validation error(s) detected: ..." text.
    dialect_.validation_code = "InvalidParameterException";
    add_group_actions();
    add_stream_actions();
    add_event_actions();
    if (options_.start_trimmer) trimmer_.start();
}

LogsService::~LogsService() {
    stop();
}

void LogsService::stop() {
    static_cast<StoreSink&>(*sink_).stop();
    trimmer_.stop();
}

void LogsService::add_group_actions() {
    using namespace model;
    actions_.add(
        async(this, "CreateLogGroup", &create_log_group, on_group<CreateLogGroupRequest>()));
    actions_.add(
        async(this, "DeleteLogGroup", &delete_log_group, on_group<DeleteLogGroupRequest>()));
    actions_.add(sync(this, "DescribeLogGroups", &describe_log_groups,
                      ResourceFn<DescribeLogGroupsRequest>(
                          [](const RequestContext& ctx, const DescribeLogGroupsRequest&) {
                              return group_arn(ctx.region, ctx.principal.account_id, "*");
                          })));
    actions_.add(async(this, "PutRetentionPolicy", &put_retention_policy,
                       on_group<PutRetentionPolicyRequest>()));
    actions_.add(async(this, "DeleteRetentionPolicy", &delete_retention_policy,
                       on_group<DeleteRetentionPolicyRequest>()));
}

void LogsService::add_stream_actions() {
    using namespace model;
    actions_.add(
        async(this, "CreateLogStream", &create_log_stream, on_group<CreateLogStreamRequest>()));
    actions_.add(
        async(this, "DeleteLogStream", &delete_log_stream, on_stream<DeleteLogStreamRequest>()));
    actions_.add(sync(this, "DescribeLogStreams", &describe_log_streams,
                      on_group<DescribeLogStreamsRequest>()));
}

void LogsService::add_event_actions() {
    using namespace model;
    actions_.add(async(this, "PutLogEvents", &put_log_events, on_stream<PutLogEventsRequest>()));
    actions_.add(sync(this, "GetLogEvents", &get_log_events, on_stream<GetLogEventsRequest>()));
    actions_.add(
        sync(this, "FilterLogEvents", &filter_log_events, on_group<FilterLogEventsRequest>()));
}

}  // namespace freshet::logs
