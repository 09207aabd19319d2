#include "logs/trimmer.h"

#include <spdlog/spdlog.h>

#include <limits>

#include "logs/store/log_store.h"
#include "storage/key_codec.h"

namespace freshet::logs {

namespace {

struct Chunk {
    std::vector<std::string> keys;
    int64_t bytes = 0;
    bool more = false;  // the range holds further keys
};

// Up to kBatch event keys in [lower, upper), with their message bytes.
Chunk collect(const storage::Db& db, const std::string& lower, const std::string& upper) {
    Chunk c;
    auto it = db.iterate(storage::Cf::Logs, lower, upper);
    for (it.seek_to_first(); it.valid(); it.next()) {
        if (c.keys.size() == Trimmer::kBatch) {
            c.more = true;
            break;
        }
        c.keys.emplace_back(it.key());
        c.bytes += static_cast<int64_t>(it.value().size() > 8 ? it.value().size() - 8 : 0);
    }
    return c;
}

}  // namespace

Trimmer::Trimmer(storage::Db& db, const Clock& clock, std::chrono::milliseconds interval)
    : db_(db), clock_(clock), task_("logs trimmer", interval, [this] { run_once(); }) {}

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
    return purge_deleted() + trim_expired();
}

size_t Trimmer::purge_deleted() {
    size_t deleted = 0;
    for (uint64_t id : store::deleted_streams(db_, kBatch)) {
        std::string lower = store::stream_events_prefix(id);
        std::string upper = storage::prefix_successor(lower);
        while (true) {
            Chunk c = collect(db_, lower, upper);
            auto r = db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
                for (const auto& k : c.keys) txn.del(storage::Cf::Logs, k);
                if (!c.more) txn.del(storage::Cf::Logs, store::deleted_marker(id));
                return Ok{};
            });
            if (!r.ok()) return deleted;
            deleted += c.keys.size();
            if (!c.more) break;
        }
    }
    return deleted;
}

size_t Trimmer::trim_expired() {
    size_t deleted = 0;
    const int64_t now = epoch_millis(clock_.now());
    for (const auto& g : store::all_groups(db_)) {
        if (g.retention_days <= 0) continue;
        const int64_t cutoff = now - g.retention_days * 86'400'000;
        for (const auto& s : store::list_streams(db_, g.id, "")) {
            std::string lower = store::event_key(s.id, {std::numeric_limits<int64_t>::min(), 0});
            std::string upper = store::event_key(s.id, {cutoff, 0});
            while (true) {
                Chunk c = collect(db_, lower, upper);
                if (c.keys.empty()) break;
                auto r = db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
                    for (const auto& k : c.keys) txn.del(storage::Cf::Logs, k);
                    // The group may have changed (or gone) since the scan: update what is there.
                    auto current = store::load_group(txn, g.account, g.region, g.name);
                    if (current && current->id == g.id) {
                        current->stored_bytes =
                            std::max<int64_t>(0, current->stored_bytes - c.bytes);
                        store::save_group(txn, *current);
                    }
                    return Ok{};
                });
                if (!r.ok()) return deleted;
                deleted += c.keys.size();
                if (!c.more) break;
            }
        }
    }
    return deleted;
}

}  // namespace freshet::logs
