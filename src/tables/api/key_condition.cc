#include "tables/api/key_condition.h"

#include <map>

#include "storage/key_codec.h"
#include "tables/errors.h"
#include "tables/store/item_codec.h"

namespace freshet::tables {

namespace {

ApiError invalid(std::string message) {
    return validation_error("Invalid KeyConditionExpression: " + message);
}

// One condition on one key attribute, normalised so that the attribute comes first.
struct KeyTerm {
    std::string op;  // "=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"
    std::vector<AttributeValue> values;
};

std::string flipped(const std::string& op) {
    if (op == "<") return ">";
    if (op == "<=") return ">=";
    if (op == ">") return "<";
    if (op == ">=") return "<=";
    return op;
}

Result<void> collect(const expr::Condition& c, std::map<std::string, KeyTerm>& terms) {
    using K = expr::Condition::Kind;
    if (c.kind == K::And) {
        for (const auto& child : c.children) FRESHET_CHECK(collect(child, terms));
        return Ok{};
    }
    if (c.kind == K::Or) return invalid("Invalid operator used in KeyConditionExpression: OR");
    if (c.kind == K::Not) return invalid("Invalid operator used in KeyConditionExpression: NOT");
    if (c.kind == K::In) return invalid("Invalid operator used in KeyConditionExpression: IN");
    if (c.kind == K::Compare && c.op == "<>") {
        return invalid("Invalid operator used in KeyConditionExpression: <>");
    }
    if (c.kind == K::Function && c.op != "begins_with") {
        return invalid("Invalid operator used in KeyConditionExpression: " + c.op);
    }
    const bool first_only = c.kind != K::Compare;
    std::string name;
    size_t at = 0;
    KeyTerm term;
    term.op = c.kind == K::Between ? "BETWEEN" : c.op;
    for (size_t i = 0; i < c.operands.size(); ++i) {
        const expr::Operand& o = c.operands[i];
        if (o.kind == expr::Operand::Kind::Function) {
            return invalid("KeyConditionExpressions cannot contain nested operations");
        }
        if (o.kind == expr::Operand::Kind::Value) {
            term.values.push_back(o.value);
            continue;
        }
        if (!name.empty()) {
            return invalid(
                "Invalid condition in KeyConditionExpression: Multiple attribute names "
                "used in one condition");
        }
        if (o.path.parts.size() > 1) {
            return invalid("KeyConditionExpressions cannot have conditions on nested attributes");
        }
        name = o.path.parts[0].name;
        at = i;
    }
    if (first_only && (name.empty() || at != 0)) {
        return invalid("Invalid condition in KeyConditionExpression: " + term.op +
                       " operator must have the key attribute as its first operand");
    }
    if (name.empty()) {
        return invalid("Invalid condition in KeyConditionExpression: No key attribute specified");
    }
    if (at != 0) term.op = flipped(term.op);
    if (terms.count(name)) {
        return invalid("KeyConditionExpressions must only contain one condition per key");
    }
    terms.emplace(name, std::move(term));
    return Ok{};
}

std::string sort_key(const std::string& partition, const AttributeValue& v) {
    return partition + storage::KeyBuilder().bytes(key_part(v)).str();
}

// The range of storage keys within `partition` for one sort key condition. An index's entries
// continue after the sort key (with the table's key), so "every key with this sort key" is the
// prefix range of the sort key.
KeyRange sort_range(const std::string& partition, const KeyTerm& term) {
    KeyRange r{partition, storage::prefix_successor(partition)};
    const auto& v = term.values;
    auto after = [&](const AttributeValue& x) {
        return storage::prefix_successor(sort_key(partition, x));
    };
    if (term.op == "=") r = {sort_key(partition, v[0]), after(v[0])};
    if (term.op == "<") r.upper = sort_key(partition, v[0]);
    if (term.op == "<=") r.upper = after(v[0]);
    if (term.op == ">") r.lower = after(v[0]);
    if (term.op == ">=") r.lower = sort_key(partition, v[0]);
    if (term.op == "BETWEEN") r = {sort_key(partition, v[0]), after(v[1])};
    if (term.op == "begins_with") {
        std::string prefix = sort_key(partition, v[0]);
        prefix.resize(prefix.size() - 2);  // drop the terminator: any extension matches
        r = {prefix, storage::prefix_successor(prefix)};
    }
    return r;
}

}  // namespace

ReadKeys read_keys(const TableMeta& t, const IndexDef* index) {
    if (index) return ReadKeys{index->id, index->hash, index->range};
    return ReadKeys{t.id, t.hash, t.range};
}

Result<KeyRange> key_range(const ReadKeys& t, const expr::Condition& c) {
    std::map<std::string, KeyTerm> terms;
    FRESHET_CHECK(collect(c, terms));
    if (!t.range && terms.size() > 1) return validation_error("Query key condition not supported");
    auto hash = terms.find(t.hash.name);
    if (hash == terms.end()) {
        return validation_error("Query condition missed key schema element: " + t.hash.name);
    }
    for (const auto& [name, term] : terms) {
        if (name != t.hash.name && (!t.range || name != t.range->name)) {
            return validation_error("Query condition missed key schema element: " +
                                    (t.range ? t.range->name : t.hash.name));
        }
        const Type want = name == t.hash.name ? t.hash.type : t.range->type;
        for (const auto& v : term.values) {
            if (v.type != want) {
                return validation_error(
                    "One or more parameter values were invalid: Condition "
                    "parameter type does not match schema type");
            }
        }
    }
    if (hash->second.op != "=") return validation_error("Query key condition not supported");
    const std::string partition =
        storage::KeyBuilder().u64(t.id).bytes(key_part(hash->second.values[0])).str();
    if (!t.range) return KeyRange{partition, storage::prefix_successor(partition)};
    auto range = terms.find(t.range->name);
    if (range == terms.end()) return KeyRange{partition, storage::prefix_successor(partition)};
    return sort_range(partition, range->second);
}

}  // namespace freshet::tables
