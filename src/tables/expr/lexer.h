// The tokens of DynamoDB's expressions. Keywords (AND, OR, NOT, BETWEEN, IN, SET, REMOVE,
// ADD, DELETE) are identifiers, matched case-insensitively by the parser.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace freshet::tables::expr {

struct Token {
    enum class Kind { Identifier, NameRef, ValueRef, Number, Punct, End };
    Kind kind = Kind::End;
    std::string text;   // as written
    size_t offset = 0;  // in the expression
};

// Splits an expression into tokens ending with an End token. Fails with DynamoDB's
// "Invalid <what>: Syntax error; token: ..." message on a character no token starts with.
Result<std::vector<Token>> tokenize(std::string_view text, std::string_view what);

// DynamoDB's syntax error: "Invalid <what>: Syntax error; token: "<t>", near: "<context>"".
ApiError syntax_error(std::string_view what, std::string_view text,
                      const std::vector<Token>& tokens, size_t at);

}  // namespace freshet::tables::expr
