// The check and apply passes of update expressions on typed items.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "tables/expr/ast.h"
#include "tables/model/attribute_value.h"

namespace freshet::tables::expr {

// Static checks after resolve: overlapping paths ("Two document paths overlap with each
// other; ..."), ADD and DELETE operand types, with DynamoDB's messages.
Result<void> check(const Update& u);

// Applies the actions to `item`. Every value is computed from the item as it was before the
// update (DynamoDB's rule), then the actions are applied in order. Fails, leaving `item`
// unspecified, with DynamoDB's runtime messages ("The provided expression refers to an
// attribute that does not exist in the item", "An operand in the update expression has an
// incorrect data type", "The document path provided in the update expression is invalid for
// update"). `touched` receives the document paths the actions updated, in order.
Result<void> apply(const Update& u, Item& item, std::vector<Path>& touched);

}  // namespace freshet::tables::expr
