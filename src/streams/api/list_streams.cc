// ListStreams: names in order, after ExclusiveStartStreamName or NextToken, Limit (default
// and cap 100), HasMoreStreams, and StreamSummaries (name, ARN, status, mode, creation time).
// NextToken is a signed token holding the last name returned (the ListShards token format
// with stream id 0, so that neither kind of token is accepted for the other).
#include "streams/api/common.h"
#include "streams/errors.h"
#include "streams/model/shard_iterator.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

namespace {
constexpr int64_t kMaxStreamsPerPage = 100;
}

Result<m::ListStreamsOutput> list_streams(StreamsService& svc, RequestContext& ctx,
                                          const m::ListStreamsInput& in) {
    Caller c = caller_of(ctx);
    std::string after = in.ExclusiveStartStreamName.value_or("");
    if (in.NextToken) {
        auto t = decode_shards_token(svc.secret(), *in.NextToken);
        // Message not confirmed against AWS (see docs/compatibility/streams.md).
        if (!t || t->stream_id != 0) return errors::invalid_argument("Invalid NextToken.");
        after = t->stream_name;
    }
    auto limit =
        static_cast<size_t>(std::min(in.Limit.value_or(kMaxStreamsPerPage), kMaxStreamsPerPage));
    auto streams = store::list_streams(svc.db(), c.account, c.region, after, limit + 1);
    m::ListStreamsOutput out;
    out.HasMoreStreams = streams.size() > limit;
    out.StreamSummaries.emplace();
    for (size_t i = 0; i < streams.size() && i < limit; ++i) {
        const Stream& s = streams[i];
        out.StreamNames.push_back(s.name);
        m::StreamSummary sum;
        sum.StreamName = s.name;
        sum.StreamARN = s.arn();
        sum.StreamStatus = "ACTIVE";
        sum.StreamModeDetails = m::StreamModeDetails{s.mode};
        sum.StreamCreationTimestamp = from_epoch_millis(s.created_ms / 1000 * 1000);
        out.StreamSummaries->push_back(std::move(sum));
    }
    if (out.HasMoreStreams) {
        out.NextToken =
            encode_shards_token(svc.secret(), {0, out.StreamNames.back(), 0, now_ms(svc)});
    }
    return out;
}

}  // namespace freshet::streams
