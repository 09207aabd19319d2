// DescribeStream: the stream and a page of its shards (Limit, default and cap 100, after
// ExclusiveStartShardId), with HasMoreShards.
#include "streams/api/common.h"

namespace freshet::streams {

namespace {
constexpr int64_t kMaxShardsPerPage = 100;
}

Result<m::DescribeStreamOutput> describe_stream(StreamsService& svc, RequestContext& ctx,
                                                const m::DescribeStreamInput& in) {
    FRESHET_TRY(s, find_stream_of(svc, caller_of(ctx), in));
    m::DescribeStreamOutput out;
    auto& desc = out.StreamDescription;
    desc.StreamName = s.name;
    desc.StreamARN = s.arn();
    desc.StreamStatus = "ACTIVE";
    desc.StreamModeDetails = m::StreamModeDetails{s.mode};
    desc.RetentionPeriodHours = s.retention_hours;
    desc.StreamCreationTimestamp = from_epoch_millis(s.created_ms / 1000 * 1000);
    desc.EnhancedMonitoring.push_back(m::EnhancedMetrics{std::vector<std::string>{}});
    desc.EncryptionType = "NONE";
    int64_t limit = std::min(in.Limit.value_or(kMaxShardsPerPage), kMaxShardsPerPage);
    for (const auto& sh : s.shards) {
        std::string id = shard_id(sh.index);
        if (in.ExclusiveStartShardId && id <= *in.ExclusiveStartShardId) continue;
        if (static_cast<int64_t>(desc.Shards.size()) == limit) {
            desc.HasMoreShards = true;
            break;
        }
        desc.Shards.push_back(describe_shard(s, sh));
    }
    return out;
}

}  // namespace freshet::streams
