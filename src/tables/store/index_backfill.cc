#include "tables/store/index_backfill.h"

#include <memory>
#include <vector>

#include "storage/db.h"
#include "storage/key_codec.h"
#include "tables/store/index_store.h"
#include "tables/store/item_codec.h"
#include "tables/store/table_meta.h"

namespace freshet::tables {

namespace {

struct Backfill {
    storage::Db& db;
    std::string table;
    uint64_t table_id = 0;
    uint64_t index_id = 0;
    std::string next;   // the storage key the next chunk starts at
    bool done = false;  // filled, or the index or table is gone
};

IndexDef* find_by_id(TableMeta& t, uint64_t id) {
    for (auto& i : t.indexes) {
        if (i.id == id) return &i;
    }
    return nullptr;
}

// One chunk: up to kBackfillChunk items from b.next, and ACTIVE after the last one.
Result<void> fill_chunk(Backfill& b, storage::Txn& txn) {
    auto t = load_table(txn, b.table);
    IndexDef* index = t && t->id == b.table_id ? find_by_id(*t, b.index_id) : nullptr;
    if (!index || index->status != "CREATING") {
        b.done = true;
        return Ok{};
    }
    std::vector<std::pair<std::string, Item>> items;
    {
        const std::string upper = storage::prefix_successor(table_prefix(t->id));
        auto it = txn.iterate(storage::Cf::TableItems, b.next, upper);
        for (it.seek_to_first(); it.valid() && items.size() < kBackfillChunk; it.next()) {
            items.emplace_back(std::string(it.key()), decode_stored_item(it.value()));
        }
    }
    // Items whose index key has the wrong type are left out, as DynamoDB's backfill does (it
    // reports them as violations rather than failing).
    for (const auto& [key, item] : items) {
        if (auto entry = index_entry(*t, *index, item)) {
            txn.put(storage::Cf::TableItems, entry->first, encode_stored_item(entry->second));
        }
    }
    if (items.size() < kBackfillChunk) {
        index->status = "ACTIVE";
        txn.put(storage::Cf::TableMeta, meta_key(t->name), encode_meta(*t));
        b.done = true;
    } else {
        b.next = items.back().first + '\0';
    }
    return Ok{};
}

void submit_chunk(const std::shared_ptr<Backfill>& b) {
    b->db.committer().submit([b](storage::Txn& txn) { return fill_chunk(*b, txn); },
                             [b](Result<void> r) {
                                 if (r.ok() && !b->done) submit_chunk(b);
                             });
}

}  // namespace

void start_backfill(storage::Db& db, std::string table, uint64_t table_id, uint64_t index_id) {
    auto b = std::make_shared<Backfill>(
        Backfill{db, std::move(table), table_id, index_id, table_prefix(table_id), false});
    submit_chunk(b);
}

void resume_backfills(storage::Db& db) {
    auto it = db.iterate(storage::Cf::TableMeta, meta_lower(), meta_upper());
    for (it.seek_to_first(); it.valid(); it.next()) {
        TableMeta t = decode_meta(it.value());
        for (const auto& i : t.indexes) {
            if (i.status == "CREATING") start_backfill(db, t.name, t.id, i.id);
        }
    }
}

}  // namespace freshet::tables
