// The check and evaluate passes of condition, filter and projection expressions, on typed
// items. Evaluation cannot fail: DynamoDB makes a comparison of mismatched types, or with a
// missing attribute, simply false (except "<>", which is then true).
#pragma once

#include <optional>

#include "core/result.h"
#include "tables/expr/ast.h"
#include "tables/model/attribute_value.h"

namespace freshet::tables::expr {

// The value at a document path, or null when some step is missing or of the wrong type.
const AttributeValue* find_path(const Item& item, const Path& p);

// Static checks after resolve, with DynamoDB's messages prefixed "Invalid <what>: ":
// functions that need a document path, attribute_type's type name, operand types of
// begins_with/contains, BETWEEN bounds of one type in order.
Result<void> check(const Condition& c, std::string_view what);

bool evaluate(const Condition& c, const Item& item);

// The attributes named by the projection, nested structure kept (list elements picked by index
// are gathered in order into a list, as DynamoDB returns them).
Item project(const Item& item, const Projection& p);

// Three-way comparison of two values of one scalar type (S, N, B); nullopt otherwise.
std::optional<int> compare_scalars(const AttributeValue& a, const AttributeValue& b);

}  // namespace freshet::tables::expr
