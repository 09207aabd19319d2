// The tables' families on GET /metrics: one series per table, labelled by name. Handlers
// count on atomics in a CounterTable keyed by table id (TablesService::count_writes and
// count_reads), so a request takes only a shared lock to count.
#include "storage/db.h"
#include "tables/service.h"

namespace freshet::tables {

void TablesService::write_metrics(MetricsWriter& w) const {
    std::vector<std::pair<std::string, CounterTable<2>::Values>> rows;
    std::vector<std::pair<std::string, uint64_t>> expired;
    auto it = db_.iterate(storage::Cf::TableMeta, meta_lower(), meta_upper());
    for (it.seek_to_first(); it.valid(); it.next()) {
        TableMeta t = decode_meta(it.value());
        rows.emplace_back(t.name, items_.get(t.id));
        expired.emplace_back(t.name, ttl_deleted_.get(t.id)[0]);
    }
    w.family("freshet_table_write_items_total", "counter",
             "Items a table has had written by PutItem, UpdateItem, DeleteItem and "
             "BatchWriteItem.");
    for (const auto& [name, counts] : rows)
        w.sample("freshet_table_write_items_total", {{"table", name}}, double(counts[0]));
    w.family("freshet_table_read_items_total", "counter",
             "Items GetItem, BatchGetItem, Query and Scan have returned from a table.");
    for (const auto& [name, counts] : rows)
        w.sample("freshet_table_read_items_total", {{"table", name}}, double(counts[1]));
    w.family("freshet_table_ttl_deleted_items_total", "counter",
             "Expired items the time-to-live sweeper has deleted from a table.");
    for (const auto& [name, n] : expired)
        w.sample("freshet_table_ttl_deleted_items_total", {{"table", name}}, double(n));
}

}  // namespace freshet::tables
