// GetShardIterator: a position in the stream's one shard. TRIM_HORIZON is the oldest record
// not trimmed, LATEST just after the newest, AT_/AFTER_SEQUENCE_NUMBER at or just after a
// sequence number of the shard.
#include "tables/errors.h"
#include "tables/store/stream_log.h"
#include "tables/streams/common.h"
#include "tables/streams/shard_iterator.h"

namespace freshet::tables {

namespace {

ApiError trimmed() {
    // DynamoDB Streams' wording as clients report it.
    return dynamo_error("TrimmedDataAccessException",
                        "The data you are trying to access has been trimmed");
}

// Where an AT_ or AFTER_SEQUENCE_NUMBER iterator starts, with DynamoDB Streams' refusals
// (messages: the closest Freshet could establish; the codes are DynamoDB's).
Result<uint64_t> position_of(TableStreamsService& s, const StreamDef& st,
                             const sm::GetShardIteratorInput& in) {
    if (!in.SequenceNumber) {
        return validation_error("Must specify a sequence number for iterator type " +
                                in.ShardIteratorType);
    }
    auto seq = parse_sequence(*in.SequenceNumber);
    if (!seq || *seq < kFirstSequence) {
        return validation_error("Invalid SequenceNumber: " + *in.SequenceNumber);
    }
    if (*seq < trim_horizon(s.db(), st.id)) return trimmed();
    if (*seq > next_sequence(s.db(), st.id)) {
        return validation_error("Invalid SequenceNumber: " + *in.SequenceNumber +
                                " is beyond the end of shard " + in.ShardId);
    }
    return in.ShardIteratorType == "AT_SEQUENCE_NUMBER" ? *seq : *seq + 1;
}

}  // namespace

Result<sm::GetShardIteratorOutput> get_shard_iterator(TableStreamsService& s, RequestContext&,
                                                      const sm::GetShardIteratorInput& in) {
    FRESHET_TRY(r, resolve_stream(s, in.StreamArn));
    if (in.ShardId != stream_shard_id(r.stream)) {
        return resource_not_found("Requested resource not found: Shard does not exist");
    }
    TableStreamIterator it;
    it.stream_arn = r.arn;
    it.stream_id = r.stream.id;
    it.created_ms = epoch_millis(s.clock().now());
    const std::string& type = in.ShardIteratorType;
    if (type == "TRIM_HORIZON" || type == "LATEST") {
        if (in.SequenceNumber) {
            return validation_error("Sequence number must not be specified for iterator type " +
                                    type);
        }
        it.position = type == "LATEST" ? next_sequence(s.db(), r.stream.id)
                                       : trim_horizon(s.db(), r.stream.id);
    } else {
        FRESHET_TRY(position, position_of(s, r.stream, in));
        it.position = position;
    }
    sm::GetShardIteratorOutput out;
    out.ShardIterator = encode_table_iterator(s.secret(), it);
    return out;
}

}  // namespace freshet::tables
