// Scan and Query share one page reader: a bounded range of one table's items, forwards or
// backwards, with DynamoDB's Limit (items evaluated, before the filter), its 1 MB page cut,
// FilterExpression, ProjectionExpression, Select COUNT and LastEvaluatedKey.
#pragma once

#include <functional>

#include "tables/api/common.h"

namespace freshet::tables {

struct PageRequest {
    const TableMeta* table = nullptr;
    std::string lower, upper;  // storage keys; upper "" = no bound
    bool forward = true;
    std::optional<int64_t> limit;
    const expr::Condition* key_condition = nullptr;  // Query: items outside are skipped
    const expr::Condition* filter = nullptr;
    const expr::Projection* projection = nullptr;
    bool count_only = false;
    // Scan segments: items for which this returns false are not part of the scan.
    std::function<bool(const Item& key)> in_segment;
};

struct Page {
    std::vector<std::map<std::string, boost::json::value>> items;
    int64_t count = 0;
    int64_t scanned = 0;
    size_t scanned_bytes = 0;
    std::optional<Item> last_key;
};

Page read_page(storage::Db& db, const PageRequest& r);

// Checks ExclusiveStartKey against the schema ("The provided starting key is invalid: ...").
Result<Item> start_key(const TableMeta& t, const std::map<std::string, boost::json::value>& wire);

// Select and projection rules shared by Scan and Query.
Result<bool> count_only(const std::optional<std::string>& select, bool has_projection);

}  // namespace freshet::tables
