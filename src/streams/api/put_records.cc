// PutRecords: up to 500 records (the model checks the count) and 5 MiB of data and partition
// keys, written atomically in one group entry, answered in request order. Freshet does not
// throttle, so no record fails on its own (FailedRecordCount 0).
#include <fmt/format.h>

#include <memory>

#include "streams/api/record_writer.h"
#include "streams/errors.h"
#include "streams/model/sequence_number.h"

namespace freshet::streams {

namespace {
constexpr size_t kMaxRequestBytes = size_t{5} << 20;
}

void put_records(StreamsService& svc, RequestContext& ctx, m::PutRecordsInput in,
                 Reply<m::PutRecordsOutput> reply) {
    Caller c = caller_of(ctx);
    auto name = stream_name_of(c, in);
    if (!name.ok()) return reply(std::move(name).take_error());
    std::vector<RecordToWrite> records;
    size_t bytes = 0;
    uint64_t data_bytes = 0;
    for (auto& r : in.Records) {
        bytes += r.Data.size() + r.PartitionKey.size();
        data_bytes += r.Data.size();
        records.push_back(
            RecordToWrite{std::move(r.PartitionKey), std::move(r.Data), r.ExplicitHashKey});
    }
    if (bytes > kMaxRequestBytes) {
        // Message not confirmed against AWS (see docs/compatibility/streams.md).
        return reply(errors::invalid_argument(fmt::format(
            "Records size exceeds {} bytes limit ({} bytes).", kMaxRequestBytes, bytes)));
    }
    auto outcome = std::make_shared<PutOutcome>();
    const Clock* clock = &svc.clock();
    svc.db().committer().submit(
        [c, name = std::move(name).value(), records = std::move(records), outcome,
         clock](storage::Txn& txn) -> Result<void> {
            return append_records(txn, c, name, records, epoch_millis(clock->now()), *outcome);
        },
        [&svc, outcome, data_bytes, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            svc.count_incoming(outcome->stream.id, outcome->records.size(), data_bytes);
            notify_written(svc, *outcome);
            m::PutRecordsOutput out;
            out.FailedRecordCount = 0;
            for (const auto& w : outcome->records) {
                m::PutRecordsResultEntry e;
                e.ShardId = shard_id(w.shard);
                e.SequenceNumber = format_sequence({outcome->stream.id, w.shard, w.counter});
                out.Records.push_back(std::move(e));
            }
            reply(std::move(out));
        });
}

}  // namespace freshet::streams
