#include "streams/trimmer.h"

#include <spdlog/spdlog.h>

#include "storage/key_codec.h"
#include "streams/store/keys.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

using storage::Cf;

Trimmer::Trimmer(storage::Db& db, const Clock& clock, std::chrono::milliseconds interval)
    : db_(db),
      clock_(clock),
      task_("streams: retention trim failed", interval, [this] { run_once(); }) {}

Trimmer::~Trimmer() {
    stop();
}

void Trimmer::start() {
    task_.start();
}

void Trimmer::stop() {
    task_.stop();
}

size_t Trimmer::run_once() {
    return trim_expired() + purge_deleted();
}

size_t Trimmer::delete_keys(std::vector<std::string> keys, std::string marker) {
    size_t n = keys.size();
    if (keys.empty() && marker.empty()) return 0;
    auto r = db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        for (const auto& k : keys) txn.del(Cf::StreamRecords, k);
        if (!marker.empty()) txn.del(Cf::StreamMeta, marker);
        return Ok{};
    });
    return r.ok() ? n : 0;
}

// Records are in counter order within a shard and arrival times follow commit order, so the
// expired ones are a prefix of each shard.
size_t Trimmer::trim_expired() {
    size_t total = 0;
    int64_t now = epoch_millis(clock_.now());
    for (const Stream& s : store::all_streams(db_)) {
        int64_t cutoff = now - s.retention_hours * 3600 * 1000;
        for (const Shard& sh : s.shards) {
            std::string prefix = keys::shard_records(s.id, sh.index);
            while (true) {
                std::vector<std::string> expired;
                auto it = db_.iterate(Cf::StreamRecords, prefix, storage::prefix_successor(prefix));
                for (it.seek_to_first(); it.valid() && expired.size() < kBatch; it.next()) {
                    auto rec = keys::decode_record(it.value());
                    if (rec && rec->arrival_ms >= cutoff) break;
                    expired.emplace_back(it.key());
                }
                if (expired.empty()) break;
                size_t n = expired.size();
                total += delete_keys(std::move(expired));
                if (n < kBatch) break;
            }
        }
    }
    return total;
}

size_t Trimmer::purge_deleted() {
    size_t total = 0;
    std::string prefix = keys::all_deleted();
    std::vector<std::string> markers;
    {
        auto it = db_.iterate(Cf::StreamMeta, prefix, storage::prefix_successor(prefix));
        for (it.seek_to_first(); it.valid(); it.next()) markers.emplace_back(it.key());
    }
    for (const auto& marker : markers) {
        auto id = keys::deleted_id(marker);
        if (!id) continue;
        std::string records = keys::stream_records(*id);
        while (true) {
            std::vector<std::string> batch;
            auto it = db_.iterate(Cf::StreamRecords, records, storage::prefix_successor(records));
            for (it.seek_to_first(); it.valid() && batch.size() < kBatch; it.next())
                batch.emplace_back(it.key());
            bool last = batch.size() < kBatch;
            total += delete_keys(std::move(batch), last ? marker : std::string());
            if (last) break;
        }
    }
    return total;
}

}  // namespace freshet::streams
