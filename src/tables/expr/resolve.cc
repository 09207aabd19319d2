#include "tables/expr/resolve.h"

#include "tables/errors.h"
#include "tables/expr/reserved_words.h"

namespace freshet::tables::expr {

namespace {

ApiError invalid(std::string_view what, std::string message) {
    return validation_error("Invalid " + std::string(what) + ": " + message);
}

bool well_formed_key(const std::string& key, char lead) {
    if (key.size() < 2 || key[0] != lead) return false;
    for (size_t i = 1; i < key.size(); ++i) {
        char c = key[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return false;
    }
    return true;
}

}  // namespace

Result<void> check_names(const std::map<std::string, std::string>& names) {
    if (names.empty()) return validation_error("ExpressionAttributeNames must not be empty");
    for (const auto& [key, value] : names) {
        if (!well_formed_key(key, '#')) {
            return validation_error(
                "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key +
                "\"");
        }
    }
    return Ok{};
}

Result<void> Resolver::path(Path& p, std::string_view what) {
    for (auto& part : p.parts) {
        if (part.is_index) continue;
        if (part.name[0] == '#') {
            if (!names_ || !names_->count(part.name)) {
                return invalid(what,
                               "An expression attribute name used in the document path is "
                               "not defined; attribute name: " +
                                   part.name);
            }
            used_names_.insert(part.name);
            part.name = names_->at(part.name);
        } else if (is_reserved_word(part.name)) {
            return invalid(what,
                           "Attribute name is a reserved keyword; reserved keyword: " + part.name);
        }
    }
    return Ok{};
}

Result<void> Resolver::operand(Operand& o, std::string_view what) {
    switch (o.kind) {
        case Operand::Kind::Path:
            return path(o.path, what);
        case Operand::Kind::Value: {
            if (!values_ || !values_->count(o.value_ref)) {
                return invalid(what,
                               "An expression attribute value used in expression is not "
                               "defined; attribute value: " +
                                   o.value_ref);
            }
            used_values_.insert(o.value_ref);
            o.value = values_->at(o.value_ref);
            return Ok{};
        }
        default:
            for (auto& a : o.args) FRESHET_CHECK(operand(a, what));
            return Ok{};
    }
}

Result<void> Resolver::resolve(Condition& c, std::string_view what) {
    for (auto& o : c.operands) FRESHET_CHECK(operand(o, what));
    for (auto& child : c.children) FRESHET_CHECK(resolve(child, what));
    return Ok{};
}

Result<void> Resolver::resolve(Update& u) {
    for (auto& a : u.actions) {
        FRESHET_CHECK(path(a.path, "UpdateExpression"));
        if (a.kind != UpdateAction::Kind::Remove)
            FRESHET_CHECK(operand(a.value, "UpdateExpression"));
    }
    return Ok{};
}

Result<void> Resolver::resolve(Projection& p) {
    for (auto& path_ : p.paths) FRESHET_CHECK(path(path_, "ProjectionExpression"));
    return Ok{};
}

Result<void> Resolver::check_unused() const {
    auto unused = [](const auto& given, const std::set<std::string>& used) {
        std::string keys;
        for (const auto& [key, _] : given) {
            if (used.count(key)) continue;
            keys += (keys.empty() ? "" : ", ") + key;
        }
        return keys;
    };
    if (names_) {
        if (auto keys = unused(*names_, used_names_); !keys.empty()) {
            return validation_error(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + keys +
                "}");
        }
    }
    if (values_) {
        if (auto keys = unused(*values_, used_values_); !keys.empty()) {
            return validation_error(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {" +
                keys + "}");
        }
    }
    return Ok{};
}

}  // namespace freshet::tables::expr
