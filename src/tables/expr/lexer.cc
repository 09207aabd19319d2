#include "tables/expr/lexer.h"

#include "tables/errors.h"

namespace freshet::tables::expr {

namespace {

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_word(char c) {
    return is_alpha(c) || is_digit(c);
}

}  // namespace

ApiError syntax_error(std::string_view what, std::string_view text,
                      const std::vector<Token>& tokens, size_t at) {
    // DynamoDB names the offending token and shows it with the token before it.
    const Token& t = tokens[at];
    std::string token = t.kind == Token::Kind::End ? "<EOF>" : t.text;
    size_t from = at > 0 ? tokens[at - 1].offset : t.offset;
    size_t to = t.kind == Token::Kind::End ? text.size() : t.offset + t.text.size();
    return validation_error("Invalid " + std::string(what) + ": Syntax error; token: \"" + token +
                            "\", near: \"" + std::string(text.substr(from, to - from)) + "\"");
}

Result<std::vector<Token>> tokenize(std::string_view text, std::string_view what) {
    std::vector<Token> out;
    size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
            continue;
        }
        Token t;
        t.offset = i;
        if (is_alpha(c)) {
            t.kind = Token::Kind::Identifier;
            while (i < text.size() && is_word(text[i])) ++i;
        } else if (is_digit(c)) {
            t.kind = Token::Kind::Number;
            while (i < text.size() && is_digit(text[i])) ++i;
        } else if ((c == '#' || c == ':') && i + 1 < text.size() && is_word(text[i + 1])) {
            t.kind = c == '#' ? Token::Kind::NameRef : Token::Kind::ValueRef;
            ++i;
            while (i < text.size() && is_word(text[i])) ++i;
        } else if ((c == '<' || c == '>') && i + 1 < text.size() &&
                   (text[i + 1] == '=' || (c == '<' && text[i + 1] == '>'))) {
            t.kind = Token::Kind::Punct;
            i += 2;
        } else if (std::string_view("()[],.=<>+-").find(c) != std::string_view::npos) {
            t.kind = Token::Kind::Punct;
            ++i;
        } else {
            Token bad{Token::Kind::Punct, std::string(1, c), i};
            out.push_back(bad);
            return syntax_error(what, text, out, out.size() - 1);
        }
        t.text = std::string(text.substr(t.offset, i - t.offset));
        out.push_back(std::move(t));
    }
    out.push_back(Token{Token::Kind::End, "", text.size()});
    return out;
}

}  // namespace freshet::tables::expr
