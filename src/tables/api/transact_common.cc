#include "tables/api/transact_common.h"

#include "storage/txn.h"
#include "tables/errors.h"

namespace freshet::tables {

Result<const TableMeta*> TransactTables::get(const std::string& name) {
    auto it = tables_.find(name);
    if (it == tables_.end()) {
        auto t = load_table(txn_, name);
        if (!t) return resource_not_found();
        it = tables_.emplace(name, std::move(*t)).first;
    }
    return &it->second;
}

Result<void> TransactTables::claim(const std::string& item_key) {
    // Storage keys start with the table id, so one set serves every table.
    if (!keys_.insert(item_key).second) return validation_error(std::string(kMultipleOperations));
    return Ok{};
}

}  // namespace freshet::tables
