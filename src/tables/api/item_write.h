// One conditional item write, as PutItem, UpdateItem, DeleteItem and every action of
// TransactWriteItems run it inside their write function: locate the item (the key checked
// against the table's schema), read the old item, check the condition and compute the new item,
// then write it through write_change. The steps are separate so that a transaction can check
// every action before it writes any.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tables/api/common.h"
#include "tables/api/index_capacity.h"
#include "tables/expr/ast.h"
#include "tables/store/item_writer.h"

namespace freshet::storage {
class Txn;
}  // namespace freshet::storage

namespace freshet::tables {

// ConditionCheck writes nothing: TransactWriteItems' check of an item it does not change.
enum class WriteKind { Put, Update, Delete, Check };

struct ItemWrite {
    WriteKind kind = WriteKind::Put;
    std::string table;
    Item item;  // Put: the item; the others: the key
    Expressions expressions;
    // Filled inside the write function.
    std::string key;  // the item's key in Cf::TableItems
    std::optional<Item> old;
    std::optional<Item> now;          // after the write (Put, Update); nullopt for Delete, Check
    std::vector<expr::Path> touched;  // Update: the paths its actions set or removed
};

// Checks the item's key against the table's schema (for an update, also that no action names
// a key attribute) and sets w.key. Errors: ValidationException with DynamoDB's messages.
Result<void> locate(const TableMeta& t, ItemWrite& w);
// Reads the item stored under w.key into w.old.
void read_old(const storage::Txn& txn, ItemWrite& w);
// Checks the condition on w.old (ConditionalCheckFailedException, with the old item when
// ReturnValuesOnConditionCheckFailure is ALL_OLD) and computes w.now: an update's errors, and
// "Item size to update has exceeded the maximum allowed size".
Result<void> decide(ItemWrite& w);
// Writes w.now in place of w.old (nothing for a ConditionCheck).
Result<void> write(storage::Txn& txn, const TableMeta& t, const ItemWrite& w,
                   const ChangeOrigin& origin);
// locate, read_old, decide and write: one PutItem, UpdateItem or DeleteItem.
Result<void> run_write(storage::Txn& txn, const TableMeta& t, ItemWrite& w,
                       const ChangeOrigin& origin);

// PutItem, UpdateItem and DeleteItem in their write function: loads the table
// (ResourceNotFoundException when it is gone), runs the write, and reports the table's id and
// the index write units for the reply.
Result<void> run_table_write(storage::Txn& txn, ItemWrite& w, const ChangeOrigin& origin,
                             uint64_t& table_id, std::vector<IndexUnits>& index_units);

// The larger of the old and the new item, which DynamoDB charges capacity for.
size_t charged_bytes(const ItemWrite& w);

}  // namespace freshet::tables
