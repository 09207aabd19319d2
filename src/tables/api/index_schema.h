// Secondary index definitions: CreateTable's GlobalSecondaryIndexes and LocalSecondaryIndexes and
// UpdateTable's Create checked as DynamoDB checks them (its order and messages), and the index
// part of the table description.
#pragma once

#include <vector>

#include "tables/api/common.h"

namespace freshet::tables {

// The indexes of a new table (ids not yet allocated), or DynamoDB's ValidationException. Also
// checks that every attribute definition is used by a key of the table or of an index.
Result<std::vector<IndexDef>> plan_indexes(const m::CreateTableInput& in);

// A global index created by UpdateTable on table `t`, whose attribute definitions already
// include the request's. Its status is CREATING until backfilled.
Result<IndexDef> plan_created_index(const TableMeta& t,
                                    const m::CreateGlobalSecondaryIndexAction& a);

// Adds GlobalSecondaryIndexes and LocalSecondaryIndexes to a table description. With `counts`,
// ItemCount and IndexSizeBytes are counted now.
void describe_indexes(TablesService& s, const TableMeta& t, bool counts, m::TableDescription& d);

}  // namespace freshet::tables
