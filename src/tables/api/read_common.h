// Scan and Query share one page reader: a bounded range of one table's items, forwards or
// backwards, with DynamoDB's Limit (items evaluated, before the filter), its 1 MB page cut,
// FilterExpression, ProjectionExpression, Select COUNT and LastEvaluatedKey.
#pragma once

#include <functional>

#include "tables/api/common.h"

namespace freshet::tables {

struct PageRequest {
    const TableMeta* table = nullptr;
    const IndexDef* index = nullptr;  // reading this index's entries rather than the table
    bool fetch = false;           // read the table item of each entry (local index): filter on it
    bool all_attributes = false;  // Select ALL_ATTRIBUTES: return the table items
    std::string lower, upper;     // storage keys; upper "" = no bound
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
    size_t scanned_bytes = 0;  // of the table's items, or of the index's entries
    size_t fetched_bytes = 0;  // of the table's items fetched for a local index
    std::optional<Item> last_key;
};

Page read_page(storage::Db& db, const PageRequest& r);

// Decodes an ExclusiveStartKey ("The provided starting key is invalid: ..." for bad values).
Result<Item> decode_start_key(const std::map<std::string, boost::json::value>& wire);
// Checks ExclusiveStartKey against the schema ("The provided starting key is invalid: ...").
Result<Item> start_key(const TableMeta& t, const std::map<std::string, boost::json::value>& wire);

// Select and projection rules shared by Scan and Query. ALL_PROJECTED_ATTRIBUTES (the default
// on an index) needs an index; ALL_ATTRIBUTES on a global index that does not project everything
// is refused.
struct SelectPlan {
    bool count_only = false;
    bool all_attributes = false;  // Select ALL_ATTRIBUTES
};
Result<SelectPlan> select_plan(const std::optional<std::string>& select, bool has_projection,
                               const IndexDef* index);

}  // namespace freshet::tables
