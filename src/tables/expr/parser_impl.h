// Internal to the expression parsers: the Parser shared by parser.cc (conditions and operands)
// and parser_update.cc (update and projection expressions). Not for other modules.
#pragma once

#include "core/encoding.h"

#include <string_view>
#include <vector>

#include "core/result.h"
#include "tables/expr/ast.h"
#include "tables/expr/lexer.h"

namespace freshet::tables::expr::detail {

// Functions DynamoDB knows, and how many operands each takes.
struct FunctionInfo {
    std::string_view name;
    size_t arity;
    bool condition;  // a boolean function (a condition), else an operand function
    bool update;     // only valid in update expressions
};
const FunctionInfo* find_function(std::string_view name);
inline bool iequals(std::string_view a, std::string_view b) {
    return ascii_iequals(a, b);
}

class Parser {
  public:
    Parser(std::string_view text, std::string_view what, std::vector<Token> tokens)
        : text_(text), what_(what), tokens_(std::move(tokens)) {}

    const Token& peek() const { return tokens_[pos_]; }
    bool at_end() const { return peek().kind == Token::Kind::End; }
    bool is_punct(std::string_view p) const {
        return peek().kind == Token::Kind::Punct && peek().text == p;
    }
    bool is_keyword(std::string_view k) const {
        return peek().kind == Token::Kind::Identifier && iequals(peek().text, k);
    }
    ApiError error() const { return syntax_error(what_, text_, tokens_, pos_); }
    ApiError invalid(std::string message) const {
        return validation_error("Invalid " + std::string(what_) + ": " + message);
    }
    Result<void> expect(std::string_view p) {
        if (!is_punct(p)) return error();
        ++pos_;
        return Ok{};
    }

    Result<Path> path();
    Result<Operand> operand(bool in_update);
    Result<Operand> update_value();
    Result<Condition> condition();
    Result<Condition> conjunction();
    Result<Condition> negation();
    Result<Condition> primary();
    Result<Condition> comparison(Operand left);
    Result<std::vector<Operand>> call_args(bool in_update);

    std::string_view text_;
    std::string_view what_;
    std::vector<Token> tokens_;
    size_t pos_ = 0;
    size_t operators_ = 0;  // condition operators and functions, for DynamoDB's limit of 300
    size_t depth_ = 0;      // parentheses, bounded so that recursion stays shallow
};

// A parser over the tokens of `text`, after DynamoDB's empty and 4 KB checks.
Result<Parser> make_parser(std::string_view text, std::string_view what);
// DynamoDB's limit of 300 operators in one expression.
Result<void> check_operators(const Parser& p);

}  // namespace freshet::tables::expr::detail
