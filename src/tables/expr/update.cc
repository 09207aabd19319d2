#include "tables/expr/update.h"

#include <algorithm>

#include "tables/errors.h"
#include "tables/expr/evaluate.h"

namespace freshet::tables::expr {

namespace {

ApiError bad_operand() {
    return validation_error("An operand in the update expression has an incorrect data type");
}
ApiError bad_path() {
    return validation_error(
        "The document path provided in the update expression is invalid for update");
}

bool is_prefix(const Path& a, const Path& b) {
    if (a.parts.size() > b.parts.size()) return false;
    for (size_t i = 0; i < a.parts.size(); ++i) {
        const PathPart &x = a.parts[i], &y = b.parts[i];
        if (x.is_index != y.is_index || x.name != y.name || x.index != y.index) return false;
    }
    return true;
}

std::string kind_name(UpdateAction::Kind k) {
    switch (k) {
        case UpdateAction::Kind::Add:
            return "ADD";
        case UpdateAction::Kind::Delete:
            return "DELETE";
        default:
            return "";
    }
}

std::string operand_type_name(Type t) {
    // DynamoDB spells operand types out in this message.
    switch (t) {
        case Type::S:
            return "STRING";
        case Type::N:
            return "NUMBER";
        case Type::B:
            return "BINARY";
        case Type::BOOL:
            return "BOOLEAN";
        case Type::NUL:
            return "NULL";
        case Type::M:
            return "MAP";
        case Type::L:
            return "LIST";
        default:
            return std::string(type_name(t));
    }
}

Result<AttributeValue> value_of(const Operand& o, const Item& item) {
    switch (o.kind) {
        case Operand::Kind::Value:
            return o.value;
        case Operand::Kind::Path: {
            const AttributeValue* v = find_path(item, o.path);
            if (!v) {
                return validation_error(
                    "The provided expression refers to an attribute that does not exist in the "
                    "item");
            }
            return *v;
        }
        case Operand::Kind::Plus:
        case Operand::Kind::Minus: {
            FRESHET_TRY(a, value_of(o.args[0], item));
            FRESHET_TRY(b, value_of(o.args[1], item));
            if (a.type != Type::N || b.type != Type::N) return bad_operand();
            FRESHET_TRY(sum, o.kind == Operand::Kind::Plus ? a.n.add(b.n) : a.n.sub(b.n));
            return AttributeValue::number(std::move(sum));
        }
        case Operand::Kind::Function:
            break;
    }
    if (o.function == "if_not_exists") {
        if (const AttributeValue* v = find_path(item, o.args[0].path)) return *v;
        return value_of(o.args[1], item);
    }
    if (o.function == "list_append") {
        FRESHET_TRY(a, value_of(o.args[0], item));
        FRESHET_TRY(b, value_of(o.args[1], item));
        if (a.type != Type::L || b.type != Type::L) return bad_operand();
        for (auto& e : b.list) a.list.push_back(std::move(e));
        return a;
    }
    return validation_error(
        "Invalid UpdateExpression: The function is not allowed in an update "
        "expression; function: " +
        o.function);
}

// The container that holds the last step of `p`, creating nothing. Null if it does not exist.
AttributeValue* parent_of(Item& item, const Path& p, Item*& top) {
    top = nullptr;
    if (p.parts.size() == 1) {
        top = &item;
        return nullptr;
    }
    Path parent{std::vector<PathPart>(p.parts.begin(), p.parts.end() - 1)};
    return const_cast<AttributeValue*>(find_path(item, parent));
}

Result<void> set_path(Item& item, const Path& p, AttributeValue v) {
    Item* top;
    AttributeValue* parent = parent_of(item, p, top);
    if (top) {
        (*top)[p.parts[0].name] = std::move(v);
        return Ok{};
    }
    const PathPart& last = p.parts.back();
    if (!parent) return bad_path();
    if (last.is_index) {
        if (parent->type != Type::L) return bad_path();
        // Past the end appends, as DynamoDB does.
        if (last.index >= parent->list.size()) {
            parent->list.push_back(std::move(v));
        } else {
            parent->list[last.index] = std::move(v);
        }
        return Ok{};
    }
    if (parent->type != Type::M) return bad_path();
    parent->map[last.name] = std::move(v);
    return Ok{};
}

void remove_path(Item& item, const Path& p) {
    Item* top;
    AttributeValue* parent = parent_of(item, p, top);
    if (top) {
        top->erase(p.parts[0].name);
        return;
    }
    const PathPart& last = p.parts.back();
    if (!parent) return;
    if (last.is_index && parent->type == Type::L && last.index < parent->list.size()) {
        parent->list.erase(parent->list.begin() + static_cast<ptrdiff_t>(last.index));
    } else if (!last.is_index && parent->type == Type::M) {
        parent->map.erase(last.name);
    }
}

// ADD: numbers add, sets unite; a missing attribute takes the value.
Result<AttributeValue> add_values(const AttributeValue* old, const AttributeValue& v) {
    if (!old) return v;
    if (old->type != v.type) return bad_operand();
    AttributeValue out = *old;
    if (v.type == Type::N) {
        FRESHET_TRY(sum, old->n.add(v.n));
        out.n = std::move(sum);
    } else if (v.type == Type::NS) {
        for (const auto& d : v.nums) {
            if (std::find(out.nums.begin(), out.nums.end(), d) == out.nums.end())
                out.nums.push_back(d);
        }
    } else {
        for (const auto& s : v.strs) {
            if (std::find(out.strs.begin(), out.strs.end(), s) == out.strs.end())
                out.strs.push_back(s);
        }
    }
    return out;
}

// DELETE: set difference; nullopt when the set becomes empty (the attribute goes away).
Result<std::optional<AttributeValue>> delete_values(const AttributeValue& old,
                                                    const AttributeValue& v) {
    if (old.type != v.type) return bad_operand();
    AttributeValue out = old;
    if (v.type == Type::NS) {
        std::erase_if(out.nums, [&](const Decimal& d) {
            return std::find(v.nums.begin(), v.nums.end(), d) != v.nums.end();
        });
    } else {
        std::erase_if(out.strs, [&](const std::string& s) {
            return std::find(v.strs.begin(), v.strs.end(), s) != v.strs.end();
        });
    }
    if (out.set_size() == 0) return std::optional<AttributeValue>{};
    return std::optional<AttributeValue>{std::move(out)};
}

}  // namespace

Result<void> check(const Update& u) {
    for (size_t i = 0; i < u.actions.size(); ++i) {
        for (size_t j = 0; j < u.actions.size(); ++j) {
            if (i == j) continue;
            const Path &a = u.actions[i].path, &b = u.actions[j].path;
            if (is_prefix(a, b) && (i < j || a.parts.size() != b.parts.size())) {
                const Path& one = i < j ? a : b;
                const Path& two = i < j ? b : a;
                return validation_error(
                    "Invalid UpdateExpression: Two document paths overlap with each other; must "
                    "remove or rewrite one of these paths; path one: " +
                    path_text(one) + ", path two: " + path_text(two));
            }
        }
    }
    for (const auto& a : u.actions) {
        if (a.kind != UpdateAction::Kind::Add && a.kind != UpdateAction::Kind::Delete) continue;
        if (a.value.kind != Operand::Kind::Value)
            return validation_error("Invalid UpdateExpression: Syntax error; the " +
                                    kind_name(a.kind) +
                                    " action requires an expression attribute value");
        Type t = a.value.value.type;
        bool ok = a.value.value.is_set() || (a.kind == UpdateAction::Kind::Add && t == Type::N);
        if (!ok) {
            return validation_error(
                "Invalid UpdateExpression: Incorrect operand type for operator or function; "
                "operator: " +
                kind_name(a.kind) + ", operand type: " + operand_type_name(t));
        }
    }
    return Ok{};
}

Result<void> apply(const Update& u, Item& item, std::vector<Path>& touched) {
    const Item before = item;
    std::vector<std::optional<AttributeValue>> values(u.actions.size());
    for (size_t i = 0; i < u.actions.size(); ++i) {
        const UpdateAction& a = u.actions[i];
        if (a.kind == UpdateAction::Kind::Set) {
            FRESHET_TRY(v, value_of(a.value, before));
            values[i] = std::move(v);
        }
    }
    for (size_t i = 0; i < u.actions.size(); ++i) {
        const UpdateAction& a = u.actions[i];
        touched.push_back(a.path);
        switch (a.kind) {
            case UpdateAction::Kind::Set:
                FRESHET_CHECK(set_path(item, a.path, std::move(*values[i])));
                break;
            case UpdateAction::Kind::Remove:
                remove_path(item, a.path);
                break;
            case UpdateAction::Kind::Add: {
                FRESHET_TRY(v, add_values(find_path(before, a.path), a.value.value));
                FRESHET_CHECK(set_path(item, a.path, std::move(v)));
                break;
            }
            case UpdateAction::Kind::Delete: {
                const AttributeValue* old = find_path(before, a.path);
                if (!old) break;
                FRESHET_TRY(v, delete_values(*old, a.value.value));
                if (v) {
                    FRESHET_CHECK(set_path(item, a.path, std::move(*v)));
                } else {
                    remove_path(item, a.path);
                }
                break;
            }
        }
    }
    return Ok{};
}

}  // namespace freshet::tables::expr
