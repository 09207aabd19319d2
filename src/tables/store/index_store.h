// Secondary index entries in Cf::TableItems, kept in the same write as the item.
//
// Key (persisted: append only): u64(index id) bytes(index hash part) [bytes(index range part)]
// bytes(table hash part) [bytes(table range part)], parts as in item_codec.h (key_part). So the
// entries of one index partition are contiguous, in index sort key order, ties in table key
// order: an index is read like a table.
//
// Value (persisted: append only): the projected item in the stored item format
// (encode_stored_item): the table's and the index's key attributes always, then everything
// (ALL), nothing more (KEYS_ONLY) or the NonKeyAttributes (INCLUDE).
//
// An item without one of an index's key attributes has no entry in it (a sparse index).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "tables/model/attribute_value.h"
#include "tables/store/table_meta.h"

namespace freshet::storage {
class Txn;
}  // namespace freshet::storage

namespace freshet::tables {

// Whether `item` has an entry in index `i`: false when a key attribute is missing (sparse);
// DynamoDB's ValidationException when one has the wrong type or is an empty string or binary
// ("Type mismatch for Index Key X Expected: S Actual: N IndexName: I").
Result<bool> in_index(const IndexDef& i, const Item& item);

// The storage key of the entry of `item` (which has every key attribute of the table and of
// `i`).
std::string index_entry_key(const TableMeta& t, const IndexDef& i, const Item& item);
// The entry's value: what `i` projects of `item`.
Item project_for_index(const TableMeta& t, const IndexDef& i, const Item& item);

// The entry of `item` in `i`, key and value, or nothing when the item is not in the index
// (absent, sparse, or with an index key of the wrong type: only a new item is refused).
std::optional<std::pair<std::string, Item>> index_entry(const TableMeta& t, const IndexDef& i,
                                                        const std::optional<Item>& item);

// Checks the index key attributes of a new item against every index of the table.
Result<void> check_index_keys(const TableMeta& t, const Item& item);

// Replaces the entries of `old` by those of `now` in every index of the table (also those being
// backfilled). Fails, writing nothing, when `now` has an index key of the wrong type.
Result<void> write_index_entries(storage::Txn& txn, const TableMeta& t,
                                 const std::optional<Item>& old, const std::optional<Item>& now);

// Deletes every entry stored under `id` (an index's, when the index or its table is deleted), in
// the caller's write.
void delete_entries(storage::Txn& txn, uint64_t id);

}  // namespace freshet::tables
