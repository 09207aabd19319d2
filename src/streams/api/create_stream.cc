// CreateStream: PROVISIONED with ShardCount shards, or ON_DEMAND with AWS's 4. The stream is
// ACTIVE as soon as the write is durable (AWS passes through CREATING; nothing here needs to).
#include <fmt/format.h>

#include "streams/api/common.h"
#include "streams/errors.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

namespace {

// AWS's wording, recorded by kinesalite's test suite.
ApiError shard_limit(const Caller& c, int64_t current, int64_t requested) {
    return errors::limit_exceeded(fmt::format(
        "This request would exceed the shard limit for the account {} in {}. Current shard count "
        "for the account: {}. Limit: {}. Number of additional shards that would have resulted "
        "from this request: {}. Refer to the AWS Service Limits page "
        "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current "
        "limits and how to request higher limits.",
        c.account, c.region, current, kShardLimit, requested));
}

Stream new_stream(const Caller& c, const std::string& name, const std::string& mode, int64_t shards,
                  int64_t now) {
    Stream s;
    s.account = c.account;
    s.region = c.region;
    s.name = name;
    s.created_ms = now;
    s.mode = mode;
    auto ranges = split_evenly(static_cast<size_t>(shards));
    for (size_t i = 0; i < ranges.size(); ++i) {
        Shard sh;
        sh.index = static_cast<uint32_t>(i);
        sh.range = ranges[i];
        sh.created_ms = now;
        s.shards.push_back(sh);
    }
    return s;
}

}  // namespace

void create_stream(StreamsService& svc, RequestContext& ctx, m::CreateStreamInput in,
                   Reply<NoOutput> reply) {
    Caller c = caller_of(ctx);
    std::string mode = in.StreamModeDetails ? in.StreamModeDetails->StreamMode : "PROVISIONED";
    if (mode == "PROVISIONED" && !in.ShardCount) {
        // What AWS answered when ShardCount was still required (kinesalite's recording).
        return reply(ApiError{"ValidationException",
                              "1 validation error detected: Value null at 'shardCount' failed to "
                              "satisfy constraint: Member must not be null"});
    }
    int64_t shards = mode == "ON_DEMAND" ? kOnDemandShards : *in.ShardCount;
    // Checked again on the commit thread; this spares building a huge stream first.
    if (shards > kShardLimit)
        return reply(shard_limit(c, store::account_usage(svc.db(), c.account, c.region).open_shards,
                                 shards));
    Stream stream = new_stream(c, in.StreamName, mode, shards, now_ms(svc));
    svc.db().committer().submit(
        [c, stream = std::move(stream), shards](storage::Txn& txn) mutable -> Result<void> {
            if (store::load_stream(txn, c.account, c.region, stream.name))
                return errors::stream_exists(stream.name, c.account);
            int64_t current = store::account_usage(txn, c.account, c.region).open_shards;
            if (current + shards > kShardLimit) return shard_limit(c, current, shards);
            stream.id = store::allocate_stream_id(txn);
            store::save_stream(txn, stream);
            return Ok{};
        },
        [reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            reply(NoOutput{});
        });
}

}  // namespace freshet::streams
