// The CloudWatch Logs handlers, one file each in this directory. Synchronous ones only read
// committed data; asynchronous ones write through the group committer and reply once durable.
#pragma once

#include "logs/service.h"

namespace freshet::logs {

namespace m = model;

void create_log_group(LogsService& svc, RequestContext& ctx, m::CreateLogGroupRequest in,
                      Reply<NoOutput> reply);
void delete_log_group(LogsService& svc, RequestContext& ctx, m::DeleteLogGroupRequest in,
                      Reply<NoOutput> reply);
Result<m::DescribeLogGroupsResponse> describe_log_groups(LogsService& svc, RequestContext& ctx,
                                                         const m::DescribeLogGroupsRequest& in);
void create_log_stream(LogsService& svc, RequestContext& ctx, m::CreateLogStreamRequest in,
                       Reply<NoOutput> reply);
void delete_log_stream(LogsService& svc, RequestContext& ctx, m::DeleteLogStreamRequest in,
                       Reply<NoOutput> reply);
Result<m::DescribeLogStreamsResponse> describe_log_streams(LogsService& svc, RequestContext& ctx,
                                                           const m::DescribeLogStreamsRequest& in);
void put_log_events(LogsService& svc, RequestContext& ctx, m::PutLogEventsRequest in,
                    Reply<m::PutLogEventsResponse> reply);
Result<m::GetLogEventsResponse> get_log_events(LogsService& svc, RequestContext& ctx,
                                               const m::GetLogEventsRequest& in);
Result<m::FilterLogEventsResponse> filter_log_events(LogsService& svc, RequestContext& ctx,
                                                     const m::FilterLogEventsRequest& in);
void put_retention_policy(LogsService& svc, RequestContext& ctx, m::PutRetentionPolicyRequest in,
                          Reply<NoOutput> reply);
void delete_retention_policy(LogsService& svc, RequestContext& ctx,
                             m::DeleteRetentionPolicyRequest in, Reply<NoOutput> reply);

}  // namespace freshet::logs
