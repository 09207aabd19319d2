// A KeyConditionExpression turned into the storage range Query reads: the partition key's
// value and the sort key's bounds, with DynamoDB's messages for conditions it refuses.
#pragma once

#include <string>

#include "core/result.h"
#include "tables/expr/ast.h"
#include "tables/store/table_meta.h"

namespace freshet::tables {

struct KeyRange {
    std::string lower, upper;  // storage keys, [lower, upper)
};

// The keys a Query reads by: the table's, or an index's (storage keys under `id`, in the order of
// these keys; an index's entries then continue with the table's key parts).
struct ReadKeys {
    uint64_t id = 0;
    KeyDef hash;
    std::optional<KeyDef> range;
};
ReadKeys read_keys(const TableMeta& t, const IndexDef* index);

Result<KeyRange> key_range(const ReadKeys& k, const expr::Condition& c);

}  // namespace freshet::tables
