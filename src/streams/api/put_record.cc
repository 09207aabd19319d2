// PutRecord: one record, acknowledged with its shard and sequence number once durable.
// SequenceNumberForOrdering: our numbers already increase per shard in commit order, so the
// guarantee holds; a value that is not one of our numbers (or names a position this shard has
// not reached) is rejected with AWS's "ExclusiveMinimumSequenceNumber ... is invalid.".
#include <fmt/format.h>

#include <memory>

#include "streams/api/record_writer.h"
#include "streams/errors.h"
#include "streams/model/sequence_number.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

namespace {

ApiError invalid_ordering(const std::string& seq, const std::string& stream,
                          const std::string& account) {
    return errors::invalid_argument(fmt::format(
        "ExclusiveMinimumSequenceNumber {} used in PutRecord on stream {} under account {} is "
        "invalid.",
        seq, stream, account));
}

}  // namespace

void put_record(StreamsService& svc, RequestContext& ctx, m::PutRecordInput in,
                Reply<m::PutRecordOutput> reply) {
    Caller c = caller_of(ctx);
    auto name = stream_name_of(c, in);
    if (!name.ok()) return reply(std::move(name).take_error());
    auto outcome = std::make_shared<PutOutcome>();
    const uint64_t bytes = in.Data.size();
    std::vector<RecordToWrite> records{
        RecordToWrite{std::move(in.PartitionKey), std::move(in.Data), in.ExplicitHashKey}};
    const Clock* clock = &svc.clock();
    svc.db().committer().submit(
        [c, name = std::move(name).value(), ordering = in.SequenceNumberForOrdering,
         records = std::move(records), outcome, clock](storage::Txn& txn) -> Result<void> {
            FRESHET_CHECK(
                append_records(txn, c, name, records, epoch_millis(clock->now()), *outcome));
            if (ordering) {
                auto seq = parse_sequence(*ordering);
                const auto& w = outcome->records.front();
                if (!seq || (seq->stream_id == outcome->stream.id && seq->shard == w.shard &&
                             seq->counter >= w.counter))
                    return invalid_ordering(*ordering, name, c.account);
            }
            return Ok{};
        },
        [&svc, outcome, bytes, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            svc.count_incoming(outcome->stream.id, 1, bytes);
            notify_written(svc, *outcome);
            const auto& w = outcome->records.front();
            m::PutRecordOutput out;
            out.ShardId = shard_id(w.shard);
            out.SequenceNumber = format_sequence({outcome->stream.id, w.shard, w.counter});
            reply(std::move(out));
        });
}

}  // namespace freshet::streams
