#include "tables/ttl_sweeper.h"

#include <cmath>

#include "storage/key_codec.h"
#include "tables/store/item_codec.h"
#include "tables/store/item_writer.h"

namespace freshet::tables {

namespace {

// DynamoDB ignores expiry times more than five years in the past (here: 5 × 365 days).
constexpr int64_t kOldestSeconds = int64_t{5} * 365 * 86400;
// Items one snapshot iterator reads before it is renewed, so none stays open for long.
constexpr size_t kScanPerIterator = 10'000;

}  // namespace

bool ttl_expired(const Item& item, const std::string& attribute, double now) {
    auto it = item.find(attribute);
    if (it == item.end() || it->second.type != Type::N) return false;
    const auto seconds = static_cast<int64_t>(std::floor(now));
    const Decimal& at = it->second.n;
    return at <= Decimal::of(std::to_string(seconds)) &&
           at >= Decimal::of(std::to_string(seconds - kOldestSeconds));
}

TtlSweeper::TtlSweeper(storage::Db& db, const Clock& clock, std::chrono::milliseconds period,
                       OnDeleted on_deleted, const StreamListener* listener)
    : db_(db),
      clock_(clock),
      on_deleted_(std::move(on_deleted)),
      listener_(listener),
      task_("tables: time to live sweep failed", period, [this] { run_once(); }) {}

TtlSweeper::~TtlSweeper() {
    stop();
}

void TtlSweeper::start() {
    stopping_ = false;
    task_.start();
}

void TtlSweeper::stop() {
    stopping_ = true;
    task_.stop();
}

size_t TtlSweeper::run_once() {
    std::vector<TableMeta> tables;
    {
        auto it = db_.iterate(storage::Cf::TableMeta, meta_lower(), meta_upper());
        for (it.seek_to_first(); it.valid(); it.next()) {
            TableMeta t = decode_meta(it.value());
            if (t.ttl_enabled) tables.push_back(std::move(t));
        }
    }
    size_t total = 0;
    for (const auto& t : tables) {
        if (stopping_) break;
        total += sweep(t);
    }
    return total;
}

// Scans the table from a snapshot, deleting what it finds expired every kChunk items.
size_t TtlSweeper::sweep(const TableMeta& t) {
    const std::string prefix = table_prefix(t.id);
    const std::string upper = storage::prefix_successor(prefix);
    std::string from = prefix;
    size_t total = 0;
    bool more = true;
    while (more && !stopping_) {
        std::vector<std::string> expired;
        const double now = epoch_seconds(clock_.now());
        auto it = db_.iterate(storage::Cf::TableItems, from, upper);
        size_t scanned = 0;
        for (it.seek_to_first(); it.valid(); it.next()) {
            if (expired.size() == kChunk || scanned == kScanPerIterator) break;
            ++scanned;
            if (ttl_expired(decode_stored_item(it.value()), t.ttl_attribute, now))
                expired.emplace_back(it.key());
        }
        more = it.valid();
        if (more) from = std::string(it.key());
        if (!expired.empty()) total += delete_expired(t, expired);
    }
    return total;
}

size_t TtlSweeper::delete_expired(const TableMeta& t, const std::vector<std::string>& keys) {
    size_t deleted = 0;
    auto r = db_.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        deleted = 0;
        // The table may have been deleted (and re-created) or its TTL changed since the scan.
        auto now_meta = load_table(txn, t.name);
        if (!now_meta || now_meta->id != t.id || !now_meta->ttl_enabled ||
            now_meta->ttl_attribute != t.ttl_attribute)
            return Ok{};
        const double now = epoch_seconds(clock_.now());
        for (const auto& k : keys) {
            auto bytes = txn.get(storage::Cf::TableItems, k);
            if (!bytes) continue;
            Item old = decode_stored_item(*bytes);
            if (!ttl_expired(old, t.ttl_attribute, now)) continue;
            FRESHET_CHECK(write_change(txn, *now_meta, k, old, std::nullopt,
                                       ChangeOrigin{true, now, listener_}));
            ++deleted;
        }
        return Ok{};
    });
    if (!r.ok()) return 0;
    if (deleted > 0 && on_deleted_) on_deleted_(t.id, deleted);
    return deleted;
}

}  // namespace freshet::tables
