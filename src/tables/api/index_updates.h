// UpdateTable's GlobalSecondaryIndexUpdates (Create, Delete, Update of provisioned throughput)
// and the AttributeDefinitions that go with a Create, with DynamoDB's rules and messages: one
// action per update, one update per index, and at most one index created or deleted per table
// at a time (LimitExceededException), also while an earlier one is still being backfilled.
#pragma once

#include <optional>

#include "tables/api/common.h"

namespace freshet::storage {
class Txn;
}  // namespace freshet::storage

namespace freshet::tables {

// What UpdateTable did to the indexes: the reply shows a deleted index as DELETING, and a
// created one is backfilled once the change is committed.
struct IndexChange {
    uint64_t created = 0;             // id of the index to backfill (0: none)
    std::optional<IndexDef> deleted;  // as it was
};

// The checks that need no storage, before the write.
Result<void> check_index_updates(const m::UpdateTableInput& in);

// Applies the request's index updates and attribute definitions to `t` inside the write
// function (a deleted index's entries are deleted in the same write). Attribute definitions no
// key uses any more are dropped, as DynamoDB does.
Result<IndexChange> apply_index_updates(storage::Txn& txn, TableMeta& t,
                                        const m::UpdateTableInput& in);

}  // namespace freshet::tables
