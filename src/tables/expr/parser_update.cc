// Update and projection expressions.
#include "tables/errors.h"
#include "tables/expr/parser.h"
#include "tables/expr/parser_impl.h"

namespace freshet::tables::expr {

using detail::make_parser;

Result<Projection> parse_projection(std::string_view text) {
    FRESHET_TRY(p, make_parser(text, "ProjectionExpression"));
    Projection out;
    for (;;) {
        FRESHET_TRY(path, p.path());
        out.paths.push_back(std::move(path));
        if (p.at_end()) return out;
        FRESHET_CHECK(p.expect(","));
    }
}

Result<Update> parse_update(std::string_view text) {
    FRESHET_TRY(p, make_parser(text, "UpdateExpression"));
    Update out;
    bool seen[4] = {false, false, false, false};
    static constexpr std::string_view kClauses[] = {"SET", "REMOVE", "ADD", "DELETE"};
    while (!p.at_end()) {
        size_t clause = 4;
        for (size_t i = 0; i < 4; ++i) {
            if (p.is_keyword(kClauses[i])) clause = i;
        }
        if (clause == 4) return p.error();
        if (seen[clause]) {
            return p.invalid("The \"" + std::string(kClauses[clause]) +
                             "\" section can only be used once in an update expression;");
        }
        seen[clause] = true;
        ++p.pos_;
        for (;;) {
            UpdateAction a;
            a.kind = static_cast<UpdateAction::Kind>(clause);
            FRESHET_TRY(path, p.path());
            a.path = std::move(path);
            if (a.kind == UpdateAction::Kind::Set) {
                FRESHET_CHECK(p.expect("="));
                FRESHET_TRY(v, p.update_value());
                a.value = std::move(v);
            } else if (a.kind != UpdateAction::Kind::Remove) {
                FRESHET_TRY(v, p.operand(false));
                a.value = std::move(v);
            }
            out.actions.push_back(std::move(a));
            if (!p.is_punct(",")) break;
            ++p.pos_;
        }
    }
    return out;
}

}  // namespace freshet::tables::expr
