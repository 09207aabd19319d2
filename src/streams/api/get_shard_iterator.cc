// GetShardIterator: all five types, with AWS's messages (recorded by kinesalite) for the
// combinations AWS refuses. The iterator holds the counter of the next record to read.
#include <fmt/format.h>

#include "storage/key_codec.h"
#include "streams/api/common.h"
#include "streams/errors.h"
#include "streams/model/sequence_number.h"
#include "streams/model/shard_iterator.h"
#include "streams/store/keys.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

namespace {

ApiError must_specify(const std::string& type, bool has_sequence) {
    return errors::invalid_argument(fmt::format(
        "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
        "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
        "Request specified {} and {} StartingSequenceNumber.",
        type, has_sequence ? "also a" : "no"));
}

// The position AT/AFTER_SEQUENCE_NUMBER start from.
Result<uint64_t> sequence_position(const m::GetShardIteratorInput& in, const Stream& s,
                                   uint32_t shard, const std::string& account) {
    const std::string& text = *in.StartingSequenceNumber;
    std::string where = fmt::format(
        "StartingSequenceNumber {} used in GetShardIterator on shard {} "
        "in stream {} under account {} is invalid",
        text, shard_id(shard), s.name, account);
    auto seq = parse_sequence(text);
    if (!seq) return errors::invalid_argument(where + ".");
    if (seq->shard != shard) {
        return errors::invalid_argument(fmt::format(
            "Invalid StartingSequenceNumber. It encodes {}, while it was used in a call to a shard "
            "with {}",
            shard_id(seq->shard), shard_id(shard)));
    }
    if (seq->stream_id != s.id)
        return errors::invalid_argument(where + " because it did not come from this stream.");
    return in.ShardIteratorType == "AT_SEQUENCE_NUMBER" ? seq->counter : seq->counter + 1;
}

// The first record that arrived at or after `ts`, else the shard's end.
uint64_t timestamp_position(StreamsService& svc, const Stream& s, const Shard& sh, int64_t ts,
                            uint64_t end) {
    std::string prefix = keys::shard_records(s.id, sh.index);
    auto it =
        svc.db().iterate(storage::Cf::StreamRecords, prefix, storage::prefix_successor(prefix));
    for (it.seek_to_first(); it.valid(); it.next()) {
        auto rec = keys::decode_record(it.value());
        if (rec && rec->arrival_ms >= ts) return keys::record_counter(it.key()).value_or(end);
    }
    return end;
}

}  // namespace

Result<m::GetShardIteratorOutput> get_shard_iterator(StreamsService& svc, RequestContext& ctx,
                                                     const m::GetShardIteratorInput& in) {
    Caller c = caller_of(ctx);
    FRESHET_TRY(name, stream_name_of(c, in));
    auto index = parse_shard_id(in.ShardId);
    if (!index) {
        return ApiError{"ResourceNotFoundException",
                        fmt::format("Could not find shard {} in stream {} under account {}.",
                                    in.ShardId, name, c.account)};
    }
    auto s = store::load_stream(svc.db(), c.account, c.region, name);
    const Shard* sh = s ? s->find_shard(*index) : nullptr;
    if (!sh) return errors::shard_not_found(shard_id(*index), name, c.account);
    const std::string& type = in.ShardIteratorType;
    bool by_sequence = type == "AT_SEQUENCE_NUMBER" || type == "AFTER_SEQUENCE_NUMBER";
    if (in.StartingSequenceNumber && (type == "TRIM_HORIZON" || type == "LATEST"))
        return must_specify(type, true);
    if (!in.StartingSequenceNumber && by_sequence) return must_specify(type, false);
    uint64_t end =
        sh->closed_counter ? *sh->closed_counter : store::next_counter(svc.db(), s->id, sh->index);
    int64_t now = now_ms(svc);
    uint64_t position = 0;
    if (by_sequence) {
        FRESHET_TRY(p, sequence_position(in, *s, sh->index, c.account));
        position = p;
    } else if (type == "LATEST") {
        position = end;
    } else if (type == "AT_TIMESTAMP") {
        if (!in.Timestamp) {
            return errors::invalid_argument(
                "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. "
                "Current request has no timestamp parameter.");
        }
        int64_t ts = epoch_millis(*in.Timestamp);
        if (ts > now) {
            return errors::invalid_argument(fmt::format(
                "The timestampInMillis parameter cannot be greater than the "
                "currentTimestampInMillis. timestampInMillis: {}, currentTimestampInMillis: {}",
                ts, now));
        }
        position = timestamp_position(svc, *s, *sh, ts, end);
    }
    IteratorState state{s->id, sh->index, position, now, c.account, c.region, s->name};
    m::GetShardIteratorOutput out;
    out.ShardIterator = encode_iterator(svc.secret(), state);
    return out;
}

}  // namespace freshet::streams
