#include "tables/expr/parser.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "tables/errors.h"
#include "tables/expr/lexer.h"
#include "tables/expr/parser_impl.h"

namespace freshet::tables::expr {

namespace detail {

constexpr FunctionInfo kFunctions[] = {
    {"attribute_exists", 1, true, false}, {"attribute_not_exists", 1, true, false},
    {"attribute_type", 2, true, false},   {"begins_with", 2, true, false},
    {"contains", 2, true, false},         {"size", 1, false, false},
    {"if_not_exists", 2, false, true},    {"list_append", 2, false, true},
};

const FunctionInfo* find_function(std::string_view name) {
    for (const auto& f : kFunctions) {
        if (f.name == name) return &f;
    }
    return nullptr;
}

// DynamoDB's limits on one expression: 4 KB of text, 300 operators.
constexpr size_t kMaxExpressionBytes = 4096;
constexpr size_t kMaxOperators = 300;
// Freshet's own bound on nested parentheses (DynamoDB documents none; its size limit applies).
constexpr size_t kMaxParentheses = 100;

Result<Path> Parser::path() {
    Path p;
    const Token& first = peek();
    if (first.kind != Token::Kind::Identifier && first.kind != Token::Kind::NameRef) return error();
    p.parts.push_back(PathPart{first.text});
    ++pos_;
    for (;;) {
        if (is_punct(".")) {
            ++pos_;
            if (peek().kind != Token::Kind::Identifier && peek().kind != Token::Kind::NameRef)
                return error();
            p.parts.push_back(PathPart{peek().text});
            ++pos_;
        } else if (is_punct("[")) {
            ++pos_;
            if (peek().kind != Token::Kind::Number) return error();
            PathPart part;
            part.is_index = true;
            part.index = peek().text.size() > 9 ? SIZE_MAX : std::stoul(peek().text);
            p.parts.push_back(part);
            ++pos_;
            FRESHET_CHECK(expect("]"));
        } else {
            return p;
        }
    }
}

Result<std::vector<Operand>> Parser::call_args(bool in_update) {
    std::vector<Operand> args;
    FRESHET_CHECK(expect("("));
    for (;;) {
        auto arg = in_update ? update_value() : operand(false);
        if (!arg.ok()) return std::move(arg).take_error();
        args.push_back(std::move(arg).value());
        if (is_punct(")")) break;
        FRESHET_CHECK(expect(","));
    }
    ++pos_;
    return args;
}

Result<Operand> Parser::operand(bool in_update) {
    const Token& t = peek();
    Operand op;
    if (t.kind == Token::Kind::ValueRef) {
        op.kind = Operand::Kind::Value;
        op.value_ref = t.text;
        ++pos_;
        return op;
    }
    if (t.kind == Token::Kind::Identifier && tokens_[pos_ + 1].kind == Token::Kind::Punct &&
        tokens_[pos_ + 1].text == "(") {
        const FunctionInfo* f = find_function(t.text);
        if (!f || (f->update && !in_update)) {
            return invalid("Invalid function name; function: " + t.text);
        }
        op.kind = Operand::Kind::Function;
        op.function = t.text;
        ++pos_;
        ++operators_;
        FRESHET_TRY(args, call_args(in_update));
        op.args = std::move(args);
        if (op.args.size() != f->arity) {
            return invalid(
                "Incorrect number of operands for operator or function; operator or "
                "function: " +
                op.function + ", number of operands: " + std::to_string(op.args.size()));
        }
        return op;
    }
    FRESHET_TRY(p, path());
    op.path = std::move(p);
    return op;
}

Result<Operand> Parser::update_value() {
    FRESHET_TRY(left, operand(true));
    if (!is_punct("+") && !is_punct("-")) return left;
    Operand op;
    op.kind = is_punct("+") ? Operand::Kind::Plus : Operand::Kind::Minus;
    ++pos_;
    FRESHET_TRY(right, operand(true));
    op.args.push_back(std::move(left));
    op.args.push_back(std::move(right));
    return op;
}

Result<Condition> Parser::condition() {
    FRESHET_TRY(left, conjunction());
    while (is_keyword("OR")) {
        ++pos_;
        ++operators_;
        FRESHET_TRY(right, conjunction());
        Condition c;
        c.kind = Condition::Kind::Or;
        c.children.push_back(std::move(left));
        c.children.push_back(std::move(right));
        left = std::move(c);
    }
    return left;
}

Result<Condition> Parser::conjunction() {
    FRESHET_TRY(left, negation());
    while (is_keyword("AND")) {
        ++pos_;
        ++operators_;
        FRESHET_TRY(right, negation());
        Condition c;
        c.kind = Condition::Kind::And;
        c.children.push_back(std::move(left));
        c.children.push_back(std::move(right));
        left = std::move(c);
    }
    return left;
}

Result<Condition> Parser::negation() {
    if (!is_keyword("NOT")) return primary();
    ++pos_;
    ++operators_;
    FRESHET_TRY(inner, negation());
    Condition c;
    c.kind = Condition::Kind::Not;
    c.children.push_back(std::move(inner));
    return c;
}

Result<Condition> Parser::primary() {
    if (is_punct("(")) {
        if (++depth_ > kMaxParentheses) {
            return invalid("The expression has too many nested parentheses");
        }
        ++pos_;
        FRESHET_TRY(inner, condition());
        FRESHET_CHECK(expect(")"));
        --depth_;
        return inner;
    }
    FRESHET_TRY(left, operand(false));
    if (left.kind == Operand::Kind::Function) {
        const FunctionInfo* f = find_function(left.function);
        const bool compared =
            is_keyword("BETWEEN") || is_keyword("IN") ||
            (peek().kind == Token::Kind::Punct && peek().text != ")" && peek().text != ",");
        if (f->condition && compared) {
            return invalid(
                "The function is not allowed to be used this way in an expression; "
                "function: " +
                left.function);
        }
        if (f->condition) {
            Condition c;
            c.kind = Condition::Kind::Function;
            c.op = left.function;
            c.operands = std::move(left.args);
            return c;
        }
    }
    return comparison(std::move(left));
}

Result<Condition> Parser::comparison(Operand left) {
    auto misused = [&](const Operand& o) -> std::optional<ApiError> {
        if (o.kind == Operand::Kind::Function && find_function(o.function)->condition) {
            return invalid(
                "The function is not allowed to be used this way in an expression; "
                "function: " +
                o.function);
        }
        return std::nullopt;
    };
    Condition c;
    c.operands.push_back(std::move(left));
    ++operators_;
    if (is_keyword("BETWEEN")) {
        c.kind = Condition::Kind::Between;
        ++pos_;
        FRESHET_TRY(lo, operand(false));
        if (!is_keyword("AND")) return error();
        ++pos_;
        FRESHET_TRY(hi, operand(false));
        c.operands.push_back(std::move(lo));
        c.operands.push_back(std::move(hi));
    } else if (is_keyword("IN")) {
        c.kind = Condition::Kind::In;
        ++pos_;
        FRESHET_TRY(list, call_args(false));
        for (auto& o : list) c.operands.push_back(std::move(o));
    } else {
        static constexpr std::string_view kOps[] = {"=", "<>", "<", "<=", ">", ">="};
        bool found = peek().kind == Token::Kind::Punct &&
                     std::find(std::begin(kOps), std::end(kOps), peek().text) != std::end(kOps);
        if (!found) {
            if (c.operands[0].kind == Operand::Kind::Function) {
                return invalid(
                    "The function is not allowed to be used this way in an "
                    "expression; function: " +
                    c.operands[0].function);
            }
            return error();
        }
        c.kind = Condition::Kind::Compare;
        c.op = peek().text;
        ++pos_;
        FRESHET_TRY(right, operand(false));
        c.operands.push_back(std::move(right));
    }
    for (const auto& o : c.operands) {
        if (auto e = misused(o)) return *e;
    }
    return c;
}

Result<Parser> make_parser(std::string_view text, std::string_view what) {
    if (text.empty()) {
        return validation_error("Invalid " + std::string(what) +
                                ": The expression can not be empty;");
    }
    if (text.size() > kMaxExpressionBytes) {
        return validation_error("Invalid " + std::string(what) +
                                ": Expression size has exceeded the maximum allowed size; "
                                "expression size: " +
                                std::to_string(text.size()));
    }
    FRESHET_TRY(tokens, tokenize(text, what));
    return Parser(text, what, std::move(tokens));
}

Result<void> check_operators(const Parser& p) {
    if (p.operators_ > kMaxOperators) {
        return p.invalid("The expression contains too many operators; operator count: " +
                         std::to_string(p.operators_));
    }
    return Ok{};
}

}  // namespace detail

using detail::check_operators;
using detail::make_parser;

Result<Condition> parse_condition(std::string_view text, std::string_view what) {
    FRESHET_TRY(p, make_parser(text, what));
    FRESHET_TRY(c, p.condition());
    if (!p.at_end()) return p.error();
    FRESHET_CHECK(check_operators(p));
    return c;
}

}  // namespace freshet::tables::expr
