// DescribeStreamSummary: the stream without its shards, with the open shard count.
#include "streams/api/common.h"

namespace freshet::streams {

Result<m::DescribeStreamSummaryOutput> describe_stream_summary(
    StreamsService& svc, RequestContext& ctx, const m::DescribeStreamSummaryInput& in) {
    FRESHET_TRY(s, find_stream_of(svc, caller_of(ctx), in));
    m::DescribeStreamSummaryOutput out;
    auto& d = out.StreamDescriptionSummary;
    d.StreamName = s.name;
    d.StreamARN = s.arn();
    d.StreamStatus = "ACTIVE";
    d.StreamModeDetails = m::StreamModeDetails{s.mode};
    d.RetentionPeriodHours = s.retention_hours;
    d.StreamCreationTimestamp = from_epoch_millis(s.created_ms / 1000 * 1000);
    d.EnhancedMonitoring.push_back(m::EnhancedMetrics{std::vector<std::string>{}});
    d.EncryptionType = "NONE";
    d.OpenShardCount = static_cast<int64_t>(s.open_shard_count());
    d.ConsumerCount = 0;
    return out;
}

}  // namespace freshet::streams
