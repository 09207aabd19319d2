#include "streams/api/record_writer.h"

#include <fmt/format.h>

#include "streams/errors.h"
#include "streams/model/sequence_number.h"
#include "streams/store/keys.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

Result<HashKey> hash_of(const RecordToWrite& r) {
    if (!r.explicit_hash_key) return partition_key_hash(r.partition_key);
    auto k = parse_hash_key(*r.explicit_hash_key);
    if (!k) {
        return errors::invalid_argument(
            fmt::format("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, "
                        "2^128-1]. Specified value was {}",
                        *r.explicit_hash_key));
    }
    return *k;
}

Result<void> append_records(storage::Txn& txn, const Caller& c, const std::string& stream_name,
                            const std::vector<RecordToWrite>& records, int64_t arrival_ms,
                            PutOutcome& out) {
    auto s = store::load_stream(txn, c.account, c.region, stream_name);
    if (!s) return errors::stream_not_found(stream_name, c.account);
    std::vector<HashKey> hashes;
    for (const auto& r : records) {
        FRESHET_TRY(h, hash_of(r));
        hashes.push_back(h);
    }
    std::map<uint32_t, uint64_t> next;  // shard -> next counter, for this put
    out.records.clear();
    for (size_t i = 0; i < records.size(); ++i) {
        const Shard* sh = s->route(hashes[i]);
        if (!sh) throw std::logic_error("open shards do not cover the hash key space");
        auto it = next.find(sh->index);
        if (it == next.end())
            it = next.emplace(sh->index, store::next_counter(txn, s->id, sh->index)).first;
        uint64_t counter = it->second++;
        txn.put(storage::Cf::StreamRecords, keys::record(s->id, sh->index, counter),
                keys::encode_record(arrival_ms, records[i].partition_key, records[i].data));
        out.records.push_back(WrittenRecord{sh->index, counter});
    }
    for (const auto& [shard, counter] : next) store::set_next_counter(txn, s->id, shard, counter);
    out.stream = std::move(*s);
    return Ok{};
}

void notify_written(StreamsService& svc, const PutOutcome& outcome) {
    if (svc.notifier().subscribers() == 0) return;
    std::map<uint32_t, uint64_t> last;
    for (const auto& r : outcome.records) last[r.shard] = std::max(last[r.shard], r.counter);
    const Stream& s = outcome.stream;
    for (const auto& [shard, counter] : last) {
        RecordsArrived e;
        e.account = s.account;
        e.region = s.region;
        e.stream_name = s.name;
        e.stream_arn = s.arn();
        e.stream_id = s.id;
        e.shard_index = shard;
        e.shard_id = shard_id(shard);
        e.last_sequence_number = format_sequence({s.id, shard, counter});
        svc.notifier().publish(e);
    }
}

}  // namespace freshet::streams
