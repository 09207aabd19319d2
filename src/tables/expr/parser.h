// Recursive-descent parsers of DynamoDB's expression languages. They check syntax and the
// shape of function calls (known name, number of operands, where a function may be used)
// with DynamoDB's messages, prefixed "Invalid <Kind>Expression: ". Names and values stay as
// written; resolve() comes next.
//
// Grammar (precedence low to high: OR, AND, NOT, then comparisons, BETWEEN, IN, functions):
//   condition  := and (OR and)*
//   and        := not (AND not)*
//   not        := NOT not | primary
//   primary    := '(' condition ')' | function | operand cmp operand
//                 | operand BETWEEN operand AND operand | operand IN '(' operand (',' operand)* ')'
//   operand    := path | :value | size '(' path ')'
//   path       := name ('.' name | '[' digits ']')*
//   update     := (SET set (',' set)* | REMOVE path (',' path)* | ADD path value (',' ...)*
//                  | DELETE path value (',' ...)*)+      each clause at most once
//   set        := path '=' value ; value := term (('+'|'-') term)? ; term := operand
//                 | if_not_exists '(' path ',' value ')' | list_append '(' value ',' value ')'
//   projection := path (',' path)*
#pragma once

#include <string_view>

#include "core/result.h"
#include "tables/expr/ast.h"

namespace freshet::tables::expr {

// `what` names the parameter in messages: "ConditionExpression", "FilterExpression",
// "KeyConditionExpression".
Result<Condition> parse_condition(std::string_view text, std::string_view what);
Result<Update> parse_update(std::string_view text);
Result<Projection> parse_projection(std::string_view text);

}  // namespace freshet::tables::expr
