// What TransactWriteItems and TransactGetItems share: their messages, the tables an atomic
// request touches (loaded once inside its write function) and the one-operation-per-item rule.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "tables/service.h"

namespace freshet::storage {
class Txn;
}  // namespace freshet::storage

namespace freshet::tables {

// DynamoDB's ValidationException when two actions of one transaction name the same item.
inline constexpr std::string_view kMultipleOperations =
    "Transaction request cannot include multiple operations on one item";

// The tables of one transaction, each loaded once from the write function's view.
class TransactTables {
  public:
    explicit TransactTables(const storage::Txn& txn) : txn_(txn) {}
    // The table, or ResourceNotFoundException ("Requested resource not found").
    Result<const TableMeta*> get(const std::string& name);
    // Fails with kMultipleOperations when `item_key` was already claimed by another action.
    Result<void> claim(const std::string& item_key);

  private:
    const storage::Txn& txn_;
    std::map<std::string, TableMeta> tables_;
    std::set<std::string> keys_;
};

}  // namespace freshet::tables
