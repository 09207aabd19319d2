#include "tables/expr/ast.h"

namespace freshet::tables::expr {

std::string path_text(const Path& p) {
    std::string out = "[";
    for (size_t i = 0; i < p.parts.size(); ++i) {
        if (i) out += ", ";
        out += p.parts[i].is_index ? "[" + std::to_string(p.parts[i].index) + "]" : p.parts[i].name;
    }
    return out + "]";
}

}  // namespace freshet::tables::expr
