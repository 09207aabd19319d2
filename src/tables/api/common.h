// What the handlers share: compiling a request's expressions, the table description, consumed
// capacity, and the refusal of parameters Freshet does not support yet.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tables/expr/ast.h"
#include "tables/service.h"

namespace freshet::tables {

// The expression parameters of one request (null: the action has no such parameter).
struct ExpressionInputs {
    const std::optional<std::string>* update = nullptr;
    const std::optional<std::string>* condition = nullptr;
    const std::optional<std::string>* key_condition = nullptr;
    const std::optional<std::string>* filter = nullptr;
    const std::optional<std::string>* projection = nullptr;
    const std::optional<std::map<std::string, std::string>>* names = nullptr;
    const std::optional<std::map<std::string, boost::json::value>>* values = nullptr;
};

struct Expressions {
    std::optional<expr::Update> update;
    std::optional<expr::Condition> condition;
    std::optional<expr::Condition> key_condition;
    std::optional<expr::Condition> filter;
    std::optional<expr::Projection> projection;
    // ReturnValuesOnConditionCheckFailure ALL_OLD: a failed condition answers the old item.
    bool old_on_failure = false;
};

// Parses, resolves and checks every expression of a request, in DynamoDB's order, with its
// messages (placeholders without expressions, malformed keys, undefined and unused
// placeholders, reserved words, syntax).
Result<Expressions> compile_expressions(const ExpressionInputs& in);

// A projection from the legacy AttributesToGet (top-level names), checked for duplicates.
Result<std::optional<expr::Projection>> attributes_to_get(
    const std::optional<std::vector<std::string>>& names);

// ValidationException naming a parameter Freshet does not support yet (legacy conditions,
// secondary indexes, ...): refused rather than silently ignored.
ApiError unsupported(std::string_view parameter);

// The DescribeTable view of a table. With `counts`, ItemCount and TableSizeBytes are counted
// now (DynamoDB refreshes them about every six hours; exact counts are a superset of that).
m::TableDescription describe(TablesService& s, const TableMeta& t, bool counts);

// ConsumedCapacity as DynamoDB reports it for ReturnConsumedCapacity TOTAL or INDEXES, or
// nothing for NONE/absent.
std::optional<m::ConsumedCapacity> consumed(const std::optional<std::string>& mode,
                                            const std::string& table, double units, bool write);
// The units of a table or an index in ConsumedCapacity (INDEXES).
m::Capacity capacity_of(double units, bool write);
// One ConsumedCapacity per table (BatchWriteItem, transactions), in table name order.
std::optional<std::vector<m::ConsumedCapacity>> consumed_per_table(
    const std::optional<std::string>& mode, const std::map<std::string, double>& units, bool write);
// 1 unit per KB written (at least 1); 0.5 per 4 KB read eventually consistent, 1 strongly.
double write_units(size_t bytes);
double read_units(size_t bytes, bool consistent);

// ConditionalCheckFailedException unless the condition (if any) holds on the old item (an
// absent item is evaluated as an empty one); with ex.old_on_failure the error carries the old
// item, as "Item".
Result<void> check_condition(const Expressions& ex, const std::optional<Item>& old);

// DynamoDB's item size limit: "Item size has exceeded the maximum allowed size".
Result<void> check_item_size(const Item& item);

}  // namespace freshet::tables
