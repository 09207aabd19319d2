#include "tables/streams/sweeper.h"

#include <algorithm>
#include <boost/json.hpp>

#include "storage/key_codec.h"
#include "tables/store/stream_log.h"
#include "tables/store/table_meta.h"

namespace freshet::tables {

using storage::Cf;

StreamSweeper::StreamSweeper(storage::Db& db, const Clock& clock,
                             std::chrono::milliseconds interval)
    : db_(db),
      clock_(clock),
      task_("tables: stream retention sweep failed", interval, [this] { run_once(); }) {}

StreamSweeper::~StreamSweeper() {
    stop();
}

void StreamSweeper::start() {
    task_.start();
}

void StreamSweeper::stop() {
    task_.stop();
}

size_t StreamSweeper::run_once() {
    const double now = epoch_seconds(clock_.now());
    std::vector<TableMeta> tables;
    {
        auto it = db_.iterate(Cf::TableMeta, meta_lower(), meta_upper());
        for (it.seek_to_first(); it.valid(); it.next()) tables.push_back(decode_meta(it.value()));
    }
    size_t total = 0;
    for (const auto& t : tables) {
        for (const auto& s : t.streams) {
            if (!s.enabled && s.disabled + kStreamRetentionSeconds <= now) {
                total += drop(t, s);
            } else {
                total += trim(s, now - kStreamRetentionSeconds);
            }
        }
    }
    return total;
}

// Records are in sequence order and their times follow commit order, so the expired ones are
// a prefix of the stream.
size_t StreamSweeper::trim(const StreamDef& s, double cutoff) {
    size_t total = 0;
    for (;;) {
        std::vector<std::string> expired;
        uint64_t horizon = 0;
        auto it = db_.iterate(Cf::TableItems, stream_record_key(s.id, kFirstSequence),
                              storage::prefix_successor(stream_counter_key(s.id)));
        for (it.seek_to_first(); it.valid() && expired.size() < kBatch; it.next()) {
            auto body = boost::json::parse(it.value().substr(1)).as_object();
            if (body.at("t").to_number<double>() >= cutoff) break;
            storage::KeyReader key(it.key());
            uint64_t id = 0;
            if (!key.u64(id) || !key.u64(horizon)) break;
            expired.emplace_back(it.key());
        }
        if (expired.empty()) return total;
        auto r = db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
            for (const auto& k : expired) txn.del(Cf::TableItems, k);
            txn.put(Cf::TableItems, stream_horizon_key(s.id),
                    storage::KeyBuilder().u64(horizon + 1).str());
            return Ok{};
        });
        if (!r.ok()) return total;
        total += expired.size();
        if (expired.size() < kBatch) return total;
    }
}

size_t StreamSweeper::drop(const TableMeta& t, const StreamDef& s) {
    size_t total = 0;
    const std::string prefix = stream_counter_key(s.id);
    for (;;) {
        std::vector<std::string> keys;
        auto it = db_.iterate(Cf::TableItems, prefix, storage::prefix_successor(prefix));
        for (it.seek_to_first(); it.valid() && keys.size() < kBatch; it.next())
            keys.emplace_back(it.key());
        const bool last = keys.size() < kBatch;
        auto r = db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
            for (const auto& k : keys) txn.del(Cf::TableItems, k);
            if (!last) return Ok{};
            // The table may have changed (or gone) since it was read: forget the stream in the
            // table as it is now.
            auto now = load_table(txn, t.name);
            if (!now || now->id != t.id) return Ok{};
            std::erase_if(now->streams, [&](const StreamDef& x) { return x.id == s.id; });
            txn.put(Cf::TableMeta, meta_key(now->name), encode_meta(*now));
            return Ok{};
        });
        if (!r.ok()) return total;
        const std::string horizon = stream_horizon_key(s.id);
        total +=
            static_cast<size_t>(std::count_if(keys.begin(), keys.end(), [&](const std::string& k) {
                return k.size() > prefix.size() && k != horizon;  // records, not the counters
            }));
        if (last) return total;
    }
}

}  // namespace freshet::tables
