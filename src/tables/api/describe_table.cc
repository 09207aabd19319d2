#include "tables/api/common.h"
#include "tables/errors.h"

namespace freshet::tables {

Result<m::DescribeTableOutput> describe_table(TablesService& s, RequestContext&,
                                              const m::DescribeTableInput& in) {
    auto t = load_table(s.db(), in.TableName);
    // DescribeTable names the table in its not-found message.
    if (!t)
        return resource_not_found("Requested resource not found: Table: " + in.TableName +
                                  " not found");
    m::DescribeTableOutput out;
    out.Table = describe(s, *t, true);
    return out;
}

}  // namespace freshet::tables
