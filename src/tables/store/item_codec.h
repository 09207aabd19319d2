// Items in Cf::TableItems.
//
// Key (persisted: append only): u64(table id) bytes(hash part) [bytes(range part)], where a
// part is the order key of the attribute: an S's UTF-8 bytes, a B's bytes, an N's
// Decimal::order_key(). So the items of one partition are contiguous and in DynamoDB's sort
// key order (numbers numerically, strings and binaries bytewise): Query is a range scan.
//
// Value (persisted: append only): a format byte, then the item. Format 1: the item's wire JSON
// ({"attr": {"S": "x"}, ...}) with numbers normalised.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "tables/model/attribute_value.h"
#include "tables/store/table_meta.h"

namespace freshet::tables {

// The order key of a key attribute value (S, N or B).
std::string key_part(const AttributeValue& v);

std::string table_prefix(uint64_t table_id);
std::string partition_prefix(const TableMeta& t, const AttributeValue& hash);
// The storage key of the item whose key attributes are in `key` (already checked).
std::string item_key(const TableMeta& t, const Item& key);

std::string encode_stored_item(const Item& item);
// Throws std::runtime_error on a corrupt record (never user input).
Item decode_stored_item(std::string_view bytes);

// The key attributes of a full item (PutItem, BatchWriteItem's PutRequest), with DynamoDB's
// messages: "Missing the key X in the item", "Type mismatch for key X expected: S actual: N",
// empty string or binary key values, and the key size limits.
Result<Item> key_of_item(const TableMeta& t, const Item& item);
// Checks a Key parameter (GetItem, DeleteItem, UpdateItem, ...): exactly the key attributes,
// with the right types ("The provided key element does not match the schema").
Result<void> check_key(const TableMeta& t, const Item& key);

// Just the key attributes of an item.
Item project_key(const TableMeta& t, const Item& item);

}  // namespace freshet::tables
