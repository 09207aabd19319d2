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

Result<KeyRange> key_range(const TableMeta& t, const expr::Condition& c);

}  // namespace freshet::tables
