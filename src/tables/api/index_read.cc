#include "tables/api/index_read.h"

#include <set>

#include "tables/api/read_common.h"
#include "tables/errors.h"
#include "tables/store/index_store.h"
#include "tables/store/item_codec.h"

namespace freshet::tables {

namespace {

const ApiError kBadStart = validation_error("The provided starting key is invalid");

void names_of(const expr::Operand& o, std::set<std::string>& out) {
    if (o.kind == expr::Operand::Kind::Path && !o.path.parts.empty()) {
        out.insert(o.path.parts[0].name);
    }
    for (const auto& a : o.args) names_of(a, out);
}

void names_of(const expr::Condition& c, std::set<std::string>& out) {
    for (const auto& o : c.operands) names_of(o, out);
    for (const auto& child : c.children) names_of(child, out);
}

bool projects(const TableMeta& t, const IndexDef& i, const std::string& name) {
    if (i.projection == "ALL" || name == t.hash.name || name == i.hash.name) return true;
    if ((t.range && name == t.range->name) || (i.range && name == i.range->name)) return true;
    const auto& nk = i.non_key_attributes;
    return std::find(nk.begin(), nk.end(), name) != nk.end();
}

}  // namespace

Result<const IndexDef*> resolve_index(const TableMeta& t, const std::optional<std::string>& name,
                                      bool consistent, bool has_start_key) {
    if (!name) return static_cast<const IndexDef*>(nullptr);
    const IndexDef* i = t.find_index(*name);
    if (!i) {
        if (has_start_key) return kBadStart;
        return validation_error("The table does not have the specified index: " + *name);
    }
    if (i->global && consistent) {
        return validation_error("Consistent reads are not supported on global secondary indexes");
    }
    if (i->status == "CREATING") {
        return validation_error("Cannot read from backfilling global secondary index: " + *name);
    }
    return i;
}

Result<Item> index_start_key(const TableMeta& t, const IndexDef& i,
                             const std::map<std::string, boost::json::value>& wire) {
    FRESHET_TRY(key, decode_start_key(wire));
    std::set<std::string> names{t.hash.name, i.hash.name};
    if (t.range) names.insert(t.range->name);
    if (i.range) names.insert(i.range->name);
    if (key.size() != names.size()) return kBadStart;
    for (const auto& n : names) {
        if (!key.count(n)) return kBadStart;
    }
    auto in = in_index(i, key);
    if (!in.ok()) {
        return validation_error(
            "The provided starting key is invalid: The provided key element does not match the "
            "schema");
    }
    auto checked = check_key(t, project_key(t, key));
    if (!checked.ok()) {
        return validation_error("The provided starting key is invalid: " + checked.error().message);
    }
    return key;
}

Result<std::string> start_storage_key(const TableMeta& t, const IndexDef* i,
                                      const std::map<std::string, boost::json::value>& wire) {
    if (!i) {
        FRESHET_TRY(key, start_key(t, wire));
        return item_key(t, key);
    }
    FRESHET_TRY(key, index_start_key(t, *i, wire));
    return index_entry_key(t, *i, key);
}

Item page_key(const TableMeta& t, const IndexDef* i, const Item& item) {
    Item key = project_key(t, item);
    if (i) {
        for (const KeyDef* k : {&i->hash, i->range ? &*i->range : nullptr}) {
            if (!k) continue;
            if (auto it = item.find(k->name); it != item.end()) key.emplace(*it);
        }
    }
    return key;
}

bool needs_table_items(const TableMeta& t, const IndexDef& i, bool all_attributes,
                       const expr::Projection* projection, const expr::Condition* filter) {
    if (i.global || i.projection == "ALL") return false;
    if (all_attributes) return true;
    std::set<std::string> names;
    if (projection) {
        for (const auto& p : projection->paths) {
            if (!p.parts.empty()) names.insert(p.parts[0].name);
        }
    }
    if (filter) names_of(*filter, names);
    for (const auto& n : names) {
        if (!projects(t, i, n)) return true;
    }
    return false;
}

}  // namespace freshet::tables
