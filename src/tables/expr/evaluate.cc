#include "tables/expr/evaluate.h"

#include <algorithm>

#include "tables/errors.h"

namespace freshet::tables::expr {

namespace {

ApiError invalid(std::string_view what, std::string message) {
    return validation_error("Invalid " + std::string(what) + ": " + message);
}

// The value of an operand on an item: a copy, since size() makes a new value.
std::optional<AttributeValue> operand_value(const Operand& o, const Item& item) {
    switch (o.kind) {
        case Operand::Kind::Path: {
            const AttributeValue* v = find_path(item, o.path);
            if (!v) return std::nullopt;
            return *v;
        }
        case Operand::Kind::Value:
            return o.value;
        case Operand::Kind::Function: {
            // size() is the only operand function in conditions.
            auto v = operand_value(o.args[0], item);
            if (!v) return std::nullopt;
            size_t n;
            switch (v->type) {
                case Type::S:
                case Type::B:
                    n = v->s.size();
                    break;
                case Type::L:
                    n = v->list.size();
                    break;
                case Type::M:
                    n = v->map.size();
                    break;
                case Type::SS:
                case Type::NS:
                case Type::BS:
                    n = v->set_size();
                    break;
                default:
                    return std::nullopt;  // N, BOOL, NULL have no size
            }
            return AttributeValue::number(Decimal::of(std::to_string(n)));
        }
        default:
            return std::nullopt;
    }
}

bool compare(const std::string& op, const std::optional<AttributeValue>& a,
             const std::optional<AttributeValue>& b) {
    if (op == "=") return a && b && *a == *b;
    if (op == "<>") return !(a && b && *a == *b);
    if (!a || !b) return false;
    auto c = compare_scalars(*a, *b);
    if (!c) return false;
    if (op == "<") return *c < 0;
    if (op == "<=") return *c <= 0;
    if (op == ">") return *c > 0;
    return *c >= 0;
}

bool contains(const AttributeValue& hay, const AttributeValue& needle) {
    switch (hay.type) {
        case Type::S:
        case Type::B:
            return needle.type == hay.type && hay.s.find(needle.s) != std::string::npos;
        case Type::SS:
            return needle.type == Type::S &&
                   std::find(hay.strs.begin(), hay.strs.end(), needle.s) != hay.strs.end();
        case Type::BS:
            return needle.type == Type::B &&
                   std::find(hay.strs.begin(), hay.strs.end(), needle.s) != hay.strs.end();
        case Type::NS:
            return needle.type == Type::N &&
                   std::find(hay.nums.begin(), hay.nums.end(), needle.n) != hay.nums.end();
        case Type::L:
            return std::find(hay.list.begin(), hay.list.end(), needle) != hay.list.end();
        default:
            return false;
    }
}

bool call(const Condition& c, const Item& item) {
    const std::string& f = c.op;
    if (f == "attribute_exists") return find_path(item, c.operands[0].path) != nullptr;
    if (f == "attribute_not_exists") return find_path(item, c.operands[0].path) == nullptr;
    auto a = operand_value(c.operands[0], item);
    auto b = operand_value(c.operands[1], item);
    if (!a || !b) return false;
    if (f == "attribute_type") return b->type == Type::S && type_name(a->type) == b->s;
    if (f == "begins_with") {
        return (a->type == Type::S || a->type == Type::B) && a->type == b->type &&
               a->s.compare(0, b->s.size(), b->s) == 0 && a->s.size() >= b->s.size();
    }
    return contains(*a, *b);  // contains
}

std::string value_text(const AttributeValue& v) {
    std::string t(type_name(v.type));
    std::string body = v.type == Type::N ? v.n.to_string() : v.s;
    return "AttributeValue: {" + t + ":" + body + "}";
}

void insert_path(Item& out, const Path& p, const AttributeValue& v) {
    // Builds the nested maps and lists down to the leaf.
    std::map<std::string, AttributeValue>* map = &out;
    AttributeValue* cur = nullptr;
    for (size_t i = 0; i < p.parts.size(); ++i) {
        const PathPart& part = p.parts[i];
        const bool last = i + 1 == p.parts.size();
        AttributeValue* next;
        if (!part.is_index) {
            if (!map) return;
            next = &(*map)[part.name];
        } else {
            if (!cur || cur->type != Type::L) return;
            cur->list.emplace_back();
            next = &cur->list.back();
        }
        if (last) {
            *next = v;
            return;
        }
        if (p.parts[i + 1].is_index) {
            if (next->type != Type::L) next->type = Type::L;
            map = nullptr;
        } else {
            if (next->type != Type::M) next->type = Type::M;
            map = &next->map;
        }
        cur = next;
    }
}

}  // namespace

std::optional<int> compare_scalars(const AttributeValue& a, const AttributeValue& b) {
    if (a.type != b.type) return std::nullopt;
    if (a.type == Type::N) {
        auto c = a.n <=> b.n;
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    if (a.type == Type::S || a.type == Type::B) {
        int c = a.s.compare(b.s);  // bytewise (char_traits<char> compares as unsigned)
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    return std::nullopt;
}

const AttributeValue* find_path(const Item& item, const Path& p) {
    const AttributeValue* cur = nullptr;
    for (size_t i = 0; i < p.parts.size(); ++i) {
        const PathPart& part = p.parts[i];
        if (i == 0) {
            auto it = item.find(part.name);
            if (it == item.end()) return nullptr;
            cur = &it->second;
        } else if (part.is_index) {
            if (cur->type != Type::L || part.index >= cur->list.size()) return nullptr;
            cur = &cur->list[part.index];
        } else {
            if (cur->type != Type::M) return nullptr;
            auto it = cur->map.find(part.name);
            if (it == cur->map.end()) return nullptr;
            cur = &it->second;
        }
    }
    return cur;
}

Result<void> check(const Condition& c, std::string_view what) {
    for (const auto& child : c.children) FRESHET_CHECK(check(child, what));
    if (c.kind == Condition::Kind::Function) {
        const Operand& first = c.operands[0];
        if (first.kind != Operand::Kind::Path) {
            return invalid(what,
                           "Operator or function requires a document path; operator or "
                           "function: " +
                               c.op);
        }
        if (c.op == "attribute_type") {
            const Operand& t = c.operands[1];
            if (t.kind == Operand::Kind::Value) {
                Type ignored;
                if (t.value.type != Type::S) {
                    return invalid(what,
                                   "Incorrect operand type for operator or function; "
                                   "operator or function: attribute_type, operand type: " +
                                       std::string(type_name(t.value.type)));
                }
                if (!type_from_name(t.value.s, ignored)) {
                    return invalid(what, "Invalid attribute type name found; type: " + t.value.s +
                                             ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                }
            }
        }
        if (c.op == "begins_with" && c.operands[1].kind == Operand::Kind::Value) {
            Type t = c.operands[1].value.type;
            if (t != Type::S && t != Type::B) {
                return invalid(what,
                               "Incorrect operand type for operator or function; operator "
                               "or function: begins_with, operand type: " +
                                   std::string(type_name(t)));
            }
        }
    }
    if (c.kind == Condition::Kind::Between && c.operands[1].kind == Operand::Kind::Value &&
        c.operands[2].kind == Operand::Kind::Value) {
        const AttributeValue& lo = c.operands[1].value;
        const AttributeValue& hi = c.operands[2].value;
        auto order = compare_scalars(lo, hi);
        if (lo.type != hi.type) {
            return invalid(what,
                           "The BETWEEN operator requires same data type for lower and "
                           "upper bounds; lower bound operand: " +
                               value_text(lo) + ", upper bound operand: " + value_text(hi));
        }
        if (order && *order > 0) {
            return invalid(what,
                           "The BETWEEN operator requires upper bound to be greater than or "
                           "equal to lower bound; lower bound operand: " +
                               value_text(lo) + ", upper bound operand: " + value_text(hi));
        }
    }
    return Ok{};
}

bool evaluate(const Condition& c, const Item& item) {
    switch (c.kind) {
        case Condition::Kind::And:
            return evaluate(c.children[0], item) && evaluate(c.children[1], item);
        case Condition::Kind::Or:
            return evaluate(c.children[0], item) || evaluate(c.children[1], item);
        case Condition::Kind::Not:
            return !evaluate(c.children[0], item);
        case Condition::Kind::Function:
            return call(c, item);
        case Condition::Kind::Compare:
            return compare(c.op, operand_value(c.operands[0], item),
                           operand_value(c.operands[1], item));
        case Condition::Kind::Between: {
            auto v = operand_value(c.operands[0], item);
            return compare(">=", v, operand_value(c.operands[1], item)) &&
                   compare("<=", v, operand_value(c.operands[2], item));
        }
        case Condition::Kind::In: {
            auto v = operand_value(c.operands[0], item);
            for (size_t i = 1; i < c.operands.size(); ++i) {
                if (compare("=", v, operand_value(c.operands[i], item))) return true;
            }
            return false;
        }
    }
    return false;
}

Item project(const Item& item, const Projection& p) {
    Item out;
    for (const auto& path : p.paths) {
        if (const AttributeValue* v = find_path(item, path)) insert_path(out, path, *v);
    }
    return out;
}

}  // namespace freshet::tables::expr
