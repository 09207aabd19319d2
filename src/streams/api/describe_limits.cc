// DescribeLimits: AWS's default quotas and this account's use of them.
#include "streams/api/common.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

Result<m::DescribeLimitsOutput> describe_limits(StreamsService& svc, RequestContext& ctx,
                                                const m::DescribeLimitsInput&) {
    Caller c = caller_of(ctx);
    auto usage = store::account_usage(svc.db(), c.account, c.region);
    m::DescribeLimitsOutput out;
    out.ShardLimit = kShardLimit;
    out.OpenShardCount = usage.open_shards;
    out.OnDemandStreamCount = usage.on_demand_streams;
    out.OnDemandStreamCountLimit = kOnDemandStreamLimit;
    return out;
}

}  // namespace freshet::streams
