// Query and Scan with IndexName: which index, whether it may be read, its ExclusiveStartKey and
// LastEvaluatedKey (the table's key plus the index's key attributes), and when a local index
// must fetch items from the table.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "tables/api/common.h"

namespace freshet::tables {

// The index named by IndexName (nullptr without one), or DynamoDB's ValidationException: unknown
// index ("The table does not have the specified index: X"; a bare "The provided starting key is
// invalid" when there is an ExclusiveStartKey), ConsistentRead on a global index, or a global
// index still being backfilled.
Result<const IndexDef*> resolve_index(const TableMeta& t, const std::optional<std::string>& name,
                                      bool consistent, bool has_start_key);

// Checks an ExclusiveStartKey of an index read: exactly the table's and the index's key
// attributes, with their types.
Result<Item> index_start_key(const TableMeta& t, const IndexDef& i,
                             const std::map<std::string, boost::json::value>& wire);

// The storage key an ExclusiveStartKey names: in the table, or in index `i`.
Result<std::string> start_storage_key(const TableMeta& t, const IndexDef* i,
                                      const std::map<std::string, boost::json::value>& wire);

// The key attributes of a page's last item: the table's, plus the index's when reading one.
Item page_key(const TableMeta& t, const IndexDef* i, const Item& item);

// Whether a read of local index `i` must fetch items from the table: Select ALL_ATTRIBUTES, or
// a projection or filter naming an attribute the index does not project.
bool needs_table_items(const TableMeta& t, const IndexDef& i, bool all_attributes,
                       const expr::Projection* projection, const expr::Condition* filter);

}  // namespace freshet::tables
