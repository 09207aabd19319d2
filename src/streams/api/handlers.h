// The Kinesis handlers, one file each in this directory. Synchronous ones only read committed
// data; asynchronous ones write through the group committer and reply once it is durable.
#pragma once

#include "streams/service.h"

namespace freshet::streams {

namespace m = model;

void create_stream(StreamsService& svc, RequestContext& ctx, m::CreateStreamInput in,
                   Reply<NoOutput> reply);
void delete_stream(StreamsService& svc, RequestContext& ctx, m::DeleteStreamInput in,
                   Reply<NoOutput> reply);
Result<m::DescribeStreamOutput> describe_stream(StreamsService& svc, RequestContext& ctx,
                                                const m::DescribeStreamInput& in);
Result<m::DescribeStreamSummaryOutput> describe_stream_summary(
    StreamsService& svc, RequestContext& ctx, const m::DescribeStreamSummaryInput& in);
Result<m::ListStreamsOutput> list_streams(StreamsService& svc, RequestContext& ctx,
                                          const m::ListStreamsInput& in);
Result<m::ListShardsOutput> list_shards(StreamsService& svc, RequestContext& ctx,
                                        const m::ListShardsInput& in);
Result<m::DescribeLimitsOutput> describe_limits(StreamsService& svc, RequestContext& ctx,
                                                const m::DescribeLimitsInput& in);
void add_tags_to_stream(StreamsService& svc, RequestContext& ctx, m::AddTagsToStreamInput in,
                        Reply<NoOutput> reply);
void remove_tags_from_stream(StreamsService& svc, RequestContext& ctx,
                             m::RemoveTagsFromStreamInput in, Reply<NoOutput> reply);
Result<m::ListTagsForStreamOutput> list_tags_for_stream(StreamsService& svc, RequestContext& ctx,
                                                        const m::ListTagsForStreamInput& in);
void increase_stream_retention_period(StreamsService& svc, RequestContext& ctx,
                                      m::IncreaseStreamRetentionPeriodInput in,
                                      Reply<NoOutput> reply);
void decrease_stream_retention_period(StreamsService& svc, RequestContext& ctx,
                                      m::DecreaseStreamRetentionPeriodInput in,
                                      Reply<NoOutput> reply);
void put_record(StreamsService& svc, RequestContext& ctx, m::PutRecordInput in,
                Reply<m::PutRecordOutput> reply);
void put_records(StreamsService& svc, RequestContext& ctx, m::PutRecordsInput in,
                 Reply<m::PutRecordsOutput> reply);
Result<m::GetShardIteratorOutput> get_shard_iterator(StreamsService& svc, RequestContext& ctx,
                                                     const m::GetShardIteratorInput& in);
Result<m::GetRecordsOutput> get_records(StreamsService& svc, RequestContext& ctx,
                                        const m::GetRecordsInput& in);
void split_shard(StreamsService& svc, RequestContext& ctx, m::SplitShardInput in,
                 Reply<NoOutput> reply);
void merge_shards(StreamsService& svc, RequestContext& ctx, m::MergeShardsInput in,
                  Reply<NoOutput> reply);
void update_shard_count(StreamsService& svc, RequestContext& ctx, m::UpdateShardCountInput in,
                        Reply<m::UpdateShardCountOutput> reply);

}  // namespace freshet::streams
