#include <boost/json.hpp>

#include "tables/api/common.h"
#include "tables/store/table_meta.h"

namespace freshet::tables {

// Names in byte order, as DynamoDB lists them; at most Limit (default and maximum 100), with
// LastEvaluatedTableName when the page was cut by the limit.
Result<m::ListTablesOutput> list_tables(TablesService& s, RequestContext&,
                                        const m::ListTablesInput& in) {
    const int64_t limit = in.Limit.value_or(100);
    std::string lower =
        in.ExclusiveStartTableName ? meta_key(*in.ExclusiveStartTableName) + '\0' : meta_lower();
    auto it = s.db().iterate(storage::Cf::TableMeta, lower, meta_upper());
    m::ListTablesOutput out;
    out.TableNames.emplace();
    for (it.seek_to_first(); it.valid(); it.next()) {
        if (static_cast<int64_t>(out.TableNames->size()) == limit) {
            out.LastEvaluatedTableName = out.TableNames->back();
            break;
        }
        out.TableNames->push_back(decode_meta(it.value()).name);
    }
    return out;
}

}  // namespace freshet::tables
