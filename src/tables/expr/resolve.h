// The resolve pass: replaces "#name" placeholders and ":value" references by attribute names
// and typed values, refuses reserved words used as names, and records which placeholders were
// used so that unused ones can be reported, all with DynamoDB's messages.
//
// One Resolver serves every expression of a request (DynamoDB checks unused names and values
// across all of them), in the order DynamoDB checks them: Update, Condition, KeyCondition,
// Filter, Projection; then check_unused().
#pragma once

#include <map>
#include <set>
#include <string>

#include "core/result.h"
#include "tables/expr/ast.h"
#include "tables/model/attribute_value.h"

namespace freshet::tables::expr {

class Resolver {
  public:
    // `names` and `values` may be null (not given). They must outlive the Resolver.
    Resolver(const std::map<std::string, std::string>* names, const Item* values)
        : names_(names), values_(values) {}

    // `what` names the expression in messages ("ConditionExpression").
    Result<void> resolve(Condition& c, std::string_view what);
    Result<void> resolve(Update& u);
    Result<void> resolve(Projection& p);
    // "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}", then the
    // same for values.
    Result<void> check_unused() const;

  private:
    Result<void> path(Path& p, std::string_view what);
    Result<void> operand(Operand& o, std::string_view what);

    const std::map<std::string, std::string>* names_;
    const Item* values_;
    std::set<std::string> used_names_;
    std::set<std::string> used_values_;
};

// Checks ExpressionAttributeNames and ExpressionAttributeValues themselves (non-empty, keys
// well formed, values valid) and decodes the values.
Result<void> check_names(const std::map<std::string, std::string>& names);

}  // namespace freshet::tables::expr
