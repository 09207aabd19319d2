#include "tables/api/index_capacity.h"

#include "tables/store/index_store.h"

namespace freshet::tables {

namespace {

void add_to(m::ConsumedCapacity& c, const std::string& name, bool global, double units,
            bool write) {
    auto& map = global ? c.GlobalSecondaryIndexes : c.LocalSecondaryIndexes;
    if (!map) map.emplace();
    (*map)[name] = capacity_of(units, write);
}

}  // namespace

std::vector<IndexUnits> index_write_units(const TableMeta& t, const std::optional<Item>& old,
                                          const std::optional<Item>& now) {
    std::vector<IndexUnits> out;
    for (const auto& i : t.indexes) {
        auto before = index_entry(t, i, old);
        auto after = index_entry(t, i, now);
        double units = 0;
        if (before && after && before->first == after->first) {
            if (before->second != after->second) units = write_units(item_size(after->second));
        } else {
            if (before) units += write_units(item_size(before->second));
            if (after) units += write_units(item_size(after->second));
        }
        if (units > 0) out.push_back(IndexUnits{i.name, i.global, units});
    }
    return out;
}

void add_index_units(std::vector<IndexUnits>& sum, const std::vector<IndexUnits>& more) {
    for (const auto& m : more) {
        auto it = std::find_if(sum.begin(), sum.end(),
                               [&](const IndexUnits& s) { return s.name == m.name; });
        if (it == sum.end()) {
            sum.push_back(m);
        } else {
            it->units += m.units;
        }
    }
}

std::optional<m::ConsumedCapacity> consumed_write(const std::optional<std::string>& mode,
                                                  const std::string& table, double table_units,
                                                  const std::vector<IndexUnits>& indexes) {
    double total = table_units;
    for (const auto& i : indexes) total += i.units;
    auto c = consumed(mode, table, total, true);
    if (!c || *mode != "INDEXES") return c;
    c->Table = capacity_of(table_units, true);
    for (const auto& i : indexes) add_to(*c, i.name, i.global, i.units, true);
    return c;
}

std::optional<m::ConsumedCapacity> consumed_read(const std::optional<std::string>& mode,
                                                 const TableMeta& t, const IndexDef* index,
                                                 const Page& page, bool consistent) {
    const double read = read_units(page.scanned_bytes, consistent);
    if (!index) return consumed(mode, t.name, read, false);
    const double fetched = page.fetched_bytes ? read_units(page.fetched_bytes, consistent) : 0;
    auto c = consumed(mode, t.name, read + fetched, false);
    if (!c || *mode != "INDEXES") return c;
    c->Table = capacity_of(fetched, false);
    add_to(*c, index->name, index->global, read, false);
    return c;
}

}  // namespace freshet::tables
