#include "tables/api/legacy.h"

#include <algorithm>

#include "tables/errors.h"
#include "tables/expr/evaluate.h"

namespace freshet::tables {

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";
using expr::Condition;
using expr::Operand;

Operand path_of(const std::string& name) {
    Operand o;
    o.kind = Operand::Kind::Path;
    o.path.parts.push_back(expr::PathPart{name});
    return o;
}

Operand value_of(AttributeValue v) {
    Operand o;
    o.kind = Operand::Kind::Value;
    o.value = std::move(v);
    return o;
}

Condition function(const std::string& name, std::vector<Operand> args) {
    Condition c;
    c.kind = Condition::Kind::Function;
    c.op = name;
    c.operands = std::move(args);
    return c;
}

Condition combine(Condition::Kind kind, Condition a, Condition b) {
    Condition c;
    c.kind = kind;
    c.children.push_back(std::move(a));
    c.children.push_back(std::move(b));
    return c;
}

bool arity_ok(const std::string& op, size_t n) {
    if (op == "NULL" || op == "NOT_NULL") return n == 0;
    if (op == "IN") return n > 0;
    if (op == "BETWEEN") return n == 2;
    return n == 1;
}

// Which value types an operator accepts (DynamoDB's table for legacy conditions).
bool type_ok(const std::string& op, Type t) {
    const bool scalar = t == Type::S || t == Type::N || t == Type::B;
    if (op == "EQ" || op == "NE") return scalar || t == Type::SS || t == Type::NS || t == Type::BS;
    if (op == "BEGINS_WITH") return t == Type::S || t == Type::B;
    return scalar;
}

// One attribute's condition: `op` over `values`, already checked.
Result<Condition> translate(const std::string& name, const std::string& op,
                            std::vector<AttributeValue> values) {
    static const std::map<std::string, std::string> kCompare = {
        {"EQ", "="}, {"NE", "<>"}, {"LE", "<="}, {"LT", "<"}, {"GE", ">="}, {"GT", ">"}};
    if (auto it = kCompare.find(op); it != kCompare.end()) {
        Condition c;
        c.kind = Condition::Kind::Compare;
        c.op = it->second;
        c.operands = {path_of(name), value_of(std::move(values[0]))};
        return c;
    }
    if (op == "NULL") return function("attribute_not_exists", {path_of(name)});
    if (op == "NOT_NULL") return function("attribute_exists", {path_of(name)});
    if (op == "CONTAINS") return function("contains", {path_of(name), value_of(values[0])});
    if (op == "BEGINS_WITH") return function("begins_with", {path_of(name), value_of(values[0])});
    if (op == "NOT_CONTAINS") {
        Condition negated;
        negated.kind = Condition::Kind::Not;
        negated.children.push_back(function("contains", {path_of(name), value_of(values[0])}));
        return combine(Condition::Kind::And, function("attribute_exists", {path_of(name)}),
                       std::move(negated));
    }
    Condition c;
    c.kind = op == "IN" ? Condition::Kind::In : Condition::Kind::Between;
    c.operands.push_back(path_of(name));
    for (auto& v : values) c.operands.push_back(value_of(std::move(v)));
    return c;
}

Result<std::vector<AttributeValue>> decode_list(const std::vector<boost::json::value>& wire) {
    std::vector<AttributeValue> out;
    for (const auto& w : wire) {
        FRESHET_TRY(v, decode_value(w));
        out.push_back(std::move(v));
    }
    return out;
}

// Arity, same-type and BETWEEN-order checks shared by both forms.
Result<void> check_values(const std::string& op, const std::vector<AttributeValue>& values) {
    if (!arity_ok(op, values.size())) {
        return validation_error(std::string(kInvalid) + "Invalid number of argument(s) for the " +
                                op + " ComparisonOperator");
    }
    for (const auto& v : values) {
        if (v.type != values[0].type) {
            return validation_error(
                std::string(kInvalid) +
                "AttributeValues inside AttributeValueList must be of same type");
        }
    }
    if (op == "BETWEEN") {
        auto c = expr::compare_scalars(values[0], values[1]);
        if (c && *c > 0) {
            return validation_error(
                "The BETWEEN condition was provided a range where the lower "
                "bound is greater than the upper bound");
        }
    }
    return Ok{};
}

Result<std::optional<Condition>> join_all(std::vector<Condition> parts,
                                          const std::optional<std::string>& conditional_operator) {
    if (parts.empty()) return std::optional<Condition>{};
    const auto kind =
        conditional_operator.value_or("AND") == "OR" ? Condition::Kind::Or : Condition::Kind::And;
    Condition all = std::move(parts[0]);
    for (size_t i = 1; i < parts.size(); ++i)
        all = combine(kind, std::move(all), std::move(parts[i]));
    return std::optional<Condition>(std::move(all));
}

Result<Condition> expected_one(const std::string& name, const m::ExpectedAttributeValue& e) {
    if (e.AttributeValueList && e.Value) {
        return validation_error(std::string(kInvalid) +
                                "Value and AttributeValueList cannot be "
                                "used together for Attribute: " +
                                name);
    }
    if (e.ComparisonOperator) {
        const std::string& op = *e.ComparisonOperator;
        if (e.Exists) {
            return validation_error(std::string(kInvalid) +
                                    "Exists and ComparisonOperator cannot "
                                    "be used together for Attribute: " +
                                    name);
        }
        if (op != "NULL" && op != "NOT_NULL" && !e.AttributeValueList && !e.Value) {
            return validation_error(std::string(kInvalid) +
                                    "Value or AttributeValueList must be "
                                    "used with ComparisonOperator: " +
                                    op + " for Attribute: " + name);
        }
        std::vector<boost::json::value> wire =
            e.AttributeValueList.value_or(e.Value ? std::vector<boost::json::value>{*e.Value}
                                                  : std::vector<boost::json::value>{});
        FRESHET_TRY(values, decode_list(wire));
        FRESHET_CHECK(check_values(op, values));
        return translate(name, op, std::move(values));
    }
    if (e.AttributeValueList) {
        return validation_error(std::string(kInvalid) +
                                "AttributeValueList can only be used with "
                                "a ComparisonOperator for Attribute: " +
                                name);
    }
    const bool exists = e.Exists.value_or(true);
    if (exists && !e.Value) {
        return validation_error(std::string(kInvalid) + "Value must be provided when Exists is " +
                                (e.Exists ? "true" : "null") + " for Attribute: " + name);
    }
    if (!exists && e.Value) {
        return validation_error(std::string(kInvalid) +
                                "Value cannot be used when Exists is false "
                                "for Attribute: " +
                                name);
    }
    if (!exists) return function("attribute_not_exists", {path_of(name)});
    FRESHET_TRY(v, decode_value(*e.Value));
    return translate(name, "EQ", {std::move(v)});
}

}  // namespace

Result<void> check_not_mixed(const std::vector<std::pair<std::string, bool>>& legacy,
                             const std::vector<std::pair<std::string, bool>>& expressions) {
    auto given = [](const auto& params) {
        std::string out;
        for (const auto& [name, present] : params) {
            if (present) out += (out.empty() ? "" : ", ") + name;
        }
        return out;
    };
    std::string l = given(legacy), e = given(expressions);
    if (l.empty() || e.empty()) return Ok{};
    return validation_error(
        "Can not use both expression and non-expression parameters in the "
        "same request: Non-expression parameters: {" +
        l + "} Expression parameters: {" + e + "}");
}

Result<std::optional<Condition>> legacy_expected(
    const std::optional<std::map<std::string, m::ExpectedAttributeValue>>& expected,
    const std::optional<std::string>& conditional_operator) {
    if (!expected) return std::optional<Condition>{};
    std::vector<Condition> parts;
    for (const auto& [name, e] : *expected) {
        FRESHET_TRY(c, expected_one(name, e));
        parts.push_back(std::move(c));
    }
    return join_all(std::move(parts), conditional_operator);
}

Result<std::optional<Condition>> legacy_conditions(
    const std::optional<std::map<std::string, m::Condition>>& conditions,
    const std::optional<std::string>& conditional_operator) {
    if (!conditions) return std::optional<Condition>{};
    std::vector<Condition> parts;
    for (const auto& [name, c] : *conditions) {
        const std::string& op = c.ComparisonOperator;
        FRESHET_TRY(values,
                    decode_list(c.AttributeValueList.value_or(std::vector<boost::json::value>{})));
        for (const auto& v : values) {
            if (!arity_ok(op, values.size()) || v.type != values[0].type) break;
            if (!type_ok(op, v.type)) {
                return validation_error(std::string(kInvalid) + "ComparisonOperator " + op +
                                        " is not valid for " + std::string(type_name(v.type)) +
                                        " AttributeValue type");
            }
        }
        FRESHET_CHECK(check_values(op, values));
        FRESHET_TRY(cond, translate(name, op, std::move(values)));
        parts.push_back(std::move(cond));
    }
    return join_all(std::move(parts), conditional_operator);
}

Result<std::optional<expr::Update>> legacy_updates(
    const std::optional<std::map<std::string, m::AttributeValueUpdate>>& updates) {
    if (!updates) return std::optional<expr::Update>{};
    expr::Update u;
    for (const auto& [name, upd] : *updates) {
        const std::string action = upd.Action.value_or("PUT");
        expr::UpdateAction a;
        a.path.parts.push_back(expr::PathPart{name});
        std::optional<AttributeValue> v;
        if (upd.Value) {
            FRESHET_TRY(decoded, decode_value(*upd.Value));
            v = std::move(decoded);
        }
        if (action == "PUT") {
            if (!v) {
                return validation_error(std::string(kInvalid) +
                                        "Only DELETE action is allowed "
                                        "when no attribute value is specified");
            }
            a.kind = expr::UpdateAction::Kind::Set;
            a.value = value_of(std::move(*v));
        } else if (action == "DELETE") {
            a.kind = v ? expr::UpdateAction::Kind::Delete : expr::UpdateAction::Kind::Remove;
            if (v && !v->is_set()) {
                return validation_error(std::string(kInvalid) +
                                        "DELETE action with value is not "
                                        "supported for the type " +
                                        std::string(type_name(v->type)));
            }
            if (v) a.value = value_of(std::move(*v));
        } else {  // ADD
            if (!v) {
                return validation_error(std::string(kInvalid) +
                                        "Only DELETE action is allowed "
                                        "when no attribute value is specified");
            }
            if (v->type == Type::L) {
                // ADD on a list appends, as list_append(if_not_exists(a, []), v).
                a.kind = expr::UpdateAction::Kind::Set;
                Operand empty = value_of(AttributeValue{});
                empty.value.type = Type::L;
                Operand existing;
                existing.kind = Operand::Kind::Function;
                existing.function = "if_not_exists";
                existing.args = {path_of(name), std::move(empty)};
                a.value.kind = Operand::Kind::Function;
                a.value.function = "list_append";
                a.value.args = {std::move(existing), value_of(std::move(*v))};
            } else if (v->type == Type::N || v->is_set()) {
                a.kind = expr::UpdateAction::Kind::Add;
                a.value = value_of(std::move(*v));
            } else {
                return validation_error(std::string(kInvalid) +
                                        "ADD action is not supported for "
                                        "the type " +
                                        std::string(type_name(v->type)));
            }
        }
        u.actions.push_back(std::move(a));
    }
    return std::optional<expr::Update>(std::move(u));
}

}  // namespace freshet::tables
