#include "tables/store/index_store.h"

#include "storage/key_codec.h"
#include "storage/txn.h"
#include "tables/errors.h"
#include "tables/store/item_codec.h"

namespace freshet::tables {

namespace {

// An index key attribute of the wrong type or an empty string or binary refuses the write
// (DynamoDB's messages, pinned by test_tables_indexes.py).
Result<bool> check_part(const IndexDef& i, const KeyDef& def, const Item& item) {
    auto it = item.find(def.name);
    if (it == item.end()) return false;
    const AttributeValue& v = it->second;
    if (v.type != def.type) {
        return validation_error(
            "One or more parameter values were invalid: Type mismatch for Index Key " + def.name +
            " Expected: " + std::string(type_name(def.type)) +
            " Actual: " + std::string(type_name(v.type)) + " IndexName: " + i.name);
    }
    if (v.type != Type::N && v.s.empty()) {
        return validation_error(
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an "
            "empty " +
            std::string(v.type == Type::S ? "string" : "binary") + " value. IndexName: " + i.name +
            ", IndexKey: " + def.name);
    }
    return true;
}

}  // namespace

Result<bool> in_index(const IndexDef& i, const Item& item) {
    FRESHET_TRY(hash, check_part(i, i.hash, item));
    bool range = true;
    if (i.range) {
        FRESHET_TRY(r, check_part(i, *i.range, item));
        range = r;
    }
    return hash && range;
}

std::string index_entry_key(const TableMeta& t, const IndexDef& i, const Item& item) {
    storage::KeyBuilder b;
    b.u64(i.id).bytes(key_part(item.at(i.hash.name)));
    if (i.range) b.bytes(key_part(item.at(i.range->name)));
    b.bytes(key_part(item.at(t.hash.name)));
    if (t.range) b.bytes(key_part(item.at(t.range->name)));
    return std::move(b).str();
}

Item project_for_index(const TableMeta& t, const IndexDef& i, const Item& item) {
    if (i.projection == "ALL") return item;
    Item out = project_key(t, item);
    auto copy = [&](const std::string& name) {
        if (auto it = item.find(name); it != item.end()) out.emplace(*it);
    };
    copy(i.hash.name);
    if (i.range) copy(i.range->name);
    for (const auto& name : i.non_key_attributes) copy(name);
    return out;
}

std::optional<std::pair<std::string, Item>> index_entry(const TableMeta& t, const IndexDef& i,
                                                        const std::optional<Item>& item) {
    if (!item) return std::nullopt;
    auto in = in_index(i, *item);
    if (!in.ok() || !in.value()) return std::nullopt;
    return std::make_pair(index_entry_key(t, i, *item), project_for_index(t, i, *item));
}

Result<void> check_index_keys(const TableMeta& t, const Item& item) {
    for (const auto& i : t.indexes) FRESHET_CHECK(in_index(i, item));
    return Ok{};
}

Result<void> write_index_entries(storage::Txn& txn, const TableMeta& t,
                                 const std::optional<Item>& old, const std::optional<Item>& now) {
    if (t.indexes.empty()) return Ok{};
    if (now) FRESHET_CHECK(check_index_keys(t, *now));
    for (const auto& i : t.indexes) {
        auto before = index_entry(t, i, old);
        auto after = index_entry(t, i, now);
        if (before && (!after || after->first != before->first)) {
            txn.del(storage::Cf::TableItems, before->first);
        }
        if (after &&
            (!before || before->second != after->second || before->first != after->first)) {
            txn.put(storage::Cf::TableItems, after->first, encode_stored_item(after->second));
        }
    }
    return Ok{};
}

void delete_entries(storage::Txn& txn, uint64_t id) {
    std::vector<std::string> keys;
    const std::string prefix = table_prefix(id);
    auto it = txn.iterate(storage::Cf::TableItems, prefix, storage::prefix_successor(prefix));
    for (it.seek_to_first(); it.valid(); it.next()) keys.emplace_back(it.key());
    for (const auto& k : keys) txn.del(storage::Cf::TableItems, k);
}

}  // namespace freshet::tables
