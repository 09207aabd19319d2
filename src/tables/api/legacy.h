// The legacy parameters that old code still sends (Expected, AttributeUpdates, KeyConditions,
// QueryFilter, ScanFilter, ConditionalOperator), translated into the same syntax trees the
// expressions compile to, so that one evaluator serves both. Messages are DynamoDB's (as
// recorded against AWS by dynalite's tests).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tables/expr/ast.h"
#include "tables/service.h"

namespace freshet::tables {

// "Can not use both expression and non-expression parameters in the same request: ...".
// Each list holds (parameter name, given?) in DynamoDB's order.
Result<void> check_not_mixed(const std::vector<std::pair<std::string, bool>>& legacy,
                             const std::vector<std::pair<std::string, bool>>& expressions);

// Expected (+ ConditionalOperator) as a condition; nullopt when absent.
Result<std::optional<expr::Condition>> legacy_expected(
    const std::optional<std::map<std::string, m::ExpectedAttributeValue>>& expected,
    const std::optional<std::string>& conditional_operator);

// KeyConditions, QueryFilter, ScanFilter (+ ConditionalOperator for the filters).
Result<std::optional<expr::Condition>> legacy_conditions(
    const std::optional<std::map<std::string, m::Condition>>& conditions,
    const std::optional<std::string>& conditional_operator);

// AttributeUpdates as an update: PUT is SET, DELETE without a value is REMOVE, DELETE with a
// set removes elements, ADD adds numbers, unites sets and appends lists.
Result<std::optional<expr::Update>> legacy_updates(
    const std::optional<std::map<std::string, m::AttributeValueUpdate>>& updates);

}  // namespace freshet::tables
