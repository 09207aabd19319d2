// DescribeStream: the stream and its one shard. The shard is closed (EndingSequenceNumber)
// once the stream is disabled.
#include <algorithm>

#include "tables/errors.h"
#include "tables/store/stream_log.h"
#include "tables/streams/common.h"

namespace freshet::tables {

Result<sm::DescribeStreamOutput> describe_stream(TableStreamsService& s, RequestContext&,
                                                 const sm::DescribeStreamInput& in) {
    FRESHET_TRY(r, resolve_stream(s, in.StreamArn));
    const StreamDef& st = r.stream;
    sm::StreamDescription d;
    d.StreamArn = r.arn;
    d.StreamLabel = st.label;
    d.StreamStatus = st.enabled ? "ENABLED" : "DISABLED";
    d.StreamViewType = st.view_type;
    d.CreationRequestDateTime = TimePoint(
        std::chrono::duration_cast<TimePoint::duration>(std::chrono::duration<double>(st.created)));
    d.TableName = r.table.name;
    d.KeySchema.emplace();
    d.KeySchema->push_back(sm::KeySchemaElement{r.table.hash.name, "HASH"});
    if (r.table.range) d.KeySchema->push_back(sm::KeySchemaElement{r.table.range->name, "RANGE"});
    d.Shards.emplace();
    const std::string shard_id = stream_shard_id(st);
    // Shards are listed in id order after ExclusiveStartShardId (DynamoDB accepts any id).
    if (!in.ExclusiveStartShardId || *in.ExclusiveStartShardId < shard_id) {
        sm::Shard shard;
        shard.ShardId = shard_id;
        sm::SequenceNumberRange range;
        range.StartingSequenceNumber = format_sequence(kFirstSequence);
        if (!st.enabled) {
            uint64_t last = next_sequence(s.db(), st.id) - 1;
            range.EndingSequenceNumber = format_sequence(std::max(last, kFirstSequence));
        }
        shard.SequenceNumberRange = std::move(range);
        d.Shards->push_back(std::move(shard));
    }
    sm::DescribeStreamOutput out;
    out.StreamDescription = std::move(d);
    return out;
}

}  // namespace freshet::tables
