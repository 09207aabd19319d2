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

#include "tables/api/common.h"
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

// The expressions of a conditional write: ConditionExpression (and UpdateExpression, when
// given) with the request's names and values, or the legacy Expected in its place.
template <class In>
Result<Expressions> write_expressions(const In& in,
                                      const std::optional<std::string>* update = nullptr) {
    ExpressionInputs ei;
    ei.update = update;
    ei.condition = &in.ConditionExpression;
    ei.names = &in.ExpressionAttributeNames;
    ei.values = &in.ExpressionAttributeValues;
    FRESHET_TRY(ex, compile_expressions(ei));
    FRESHET_TRY(expected, legacy_expected(in.Expected, in.ConditionalOperator));
    if (expected) ex.condition = std::move(expected);
    ex.old_on_failure = in.ReturnValuesOnConditionCheckFailure.value_or("NONE") == "ALL_OLD";
    return ex;
}

}  // namespace freshet::tables
