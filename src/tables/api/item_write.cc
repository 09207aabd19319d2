#include "tables/api/item_write.h"

#include "storage/txn.h"
#include "tables/errors.h"
#include "tables/expr/update.h"
#include "tables/store/item_codec.h"
#include "tables/store/item_writer.h"

namespace freshet::tables {

namespace {

constexpr size_t kMaxItemBytes = 400 * 1024;

Result<void> check_key_untouched(const TableMeta& t, const expr::Update& u) {
    for (const auto& a : u.actions) {
        const std::string& top = a.path.parts[0].name;
        if (top == t.hash.name || (t.range && top == t.range->name)) {
            return validation_error(
                "One or more parameter values were invalid: Cannot update "
                "attribute " +
                top + ". This attribute is part of the key");
        }
    }
    return Ok{};
}

}  // namespace

Result<void> locate(const TableMeta& t, ItemWrite& w) {
    if (w.kind == WriteKind::Put) {
        FRESHET_TRY(key, key_of_item(t, w.item));
        w.key = item_key(t, key);
        return Ok{};
    }
    FRESHET_CHECK(check_key(t, w.item));
    if (w.kind == WriteKind::Update && w.expressions.update) {
        FRESHET_CHECK(check_key_untouched(t, *w.expressions.update));
    }
    w.key = item_key(t, w.item);
    return Ok{};
}

void read_old(const storage::Txn& txn, ItemWrite& w) {
    w.old.reset();
    if (auto bytes = txn.get(storage::Cf::TableItems, w.key)) w.old = decode_stored_item(*bytes);
}

Result<void> decide(ItemWrite& w) {
    FRESHET_CHECK(check_condition(w.expressions, w.old));
    switch (w.kind) {
        case WriteKind::Put:
            w.now = w.item;
            break;
        case WriteKind::Update: {
            Item updated = w.old.value_or(w.item);
            w.touched.clear();
            if (w.expressions.update) {
                FRESHET_CHECK(expr::apply(*w.expressions.update, updated, w.touched));
            }
            if (item_size(updated) > kMaxItemBytes) {
                return validation_error(
                    "Item size to update has exceeded the maximum allowed size");
            }
            w.now = std::move(updated);
            break;
        }
        case WriteKind::Delete:
        case WriteKind::Check:
            w.now.reset();
            break;
    }
    return Ok{};
}

Result<void> write(storage::Txn& txn, const TableMeta& t, const ItemWrite& w,
                   const ChangeOrigin& origin) {
    if (w.kind == WriteKind::Check) return Ok{};
    return write_change(txn, t, w.key, w.old, w.now, origin);
}

Result<void> run_write(storage::Txn& txn, const TableMeta& t, ItemWrite& w,
                       const ChangeOrigin& origin) {
    FRESHET_CHECK(locate(t, w));
    read_old(txn, w);
    FRESHET_CHECK(decide(w));
    return write(txn, t, w, origin);
}

Result<void> run_table_write(storage::Txn& txn, ItemWrite& w, const ChangeOrigin& origin,
                             uint64_t& table_id, std::vector<IndexUnits>& index_units) {
    auto t = load_table(txn, w.table);
    if (!t) return resource_not_found();
    table_id = t->id;
    FRESHET_CHECK(run_write(txn, *t, w, origin));
    index_units = index_write_units(*t, w.old, w.now);
    return Ok{};
}

size_t charged_bytes(const ItemWrite& w) {
    return std::max(w.old ? item_size(*w.old) : 0, w.now ? item_size(*w.now) : 0);
}

}  // namespace freshet::tables
