// ReturnConsumedCapacity with secondary indexes: what each index costs, as DynamoDB counts it,
// in the ConsumedCapacity of writes (every index an item change touches) and of index reads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tables/api/read_common.h"

namespace freshet::tables {

// The write units one item change costs an index.
struct IndexUnits {
    std::string name;
    bool global = true;
    double units = 0;
};

// For each index of `t` that the change from `old` to `now` writes: nothing when the item is in
// the index neither before nor after, or when its entry does not change; one unit per KB of the
// entry written, plus one per KB of the old entry when the index key changed (DynamoDB deletes
// it and puts the new one).
std::vector<IndexUnits> index_write_units(const TableMeta& t, const std::optional<Item>& old,
                                          const std::optional<Item>& now);

// Adds `more` to `sum`, index by index (BatchWriteItem's per-table totals).
void add_index_units(std::vector<IndexUnits>& sum, const std::vector<IndexUnits>& more);

// The ConsumedCapacity of a write: the table's units plus its indexes' (TOTAL), with the split
// by index under INDEXES.
std::optional<m::ConsumedCapacity> consumed_write(const std::optional<std::string>& mode,
                                                  const std::string& table, double table_units,
                                                  const std::vector<IndexUnits>& indexes);

// The ConsumedCapacity of a Query or Scan page: of the table, or of index `index` (plus the
// table's items a local index fetched).
std::optional<m::ConsumedCapacity> consumed_read(const std::optional<std::string>& mode,
                                                 const TableMeta& t, const IndexDef* index,
                                                 const Page& page, bool consistent);

}  // namespace freshet::tables
