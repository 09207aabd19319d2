// DescribeTimeToLive: ENABLED with the attribute, or DISABLED alone (also after a disable:
// DynamoDB forgets the attribute). Changes take effect at once, so ENABLING and DISABLING are
// never reported.
#include "tables/api/common.h"
#include "tables/errors.h"

namespace freshet::tables {

Result<m::DescribeTimeToLiveOutput> describe_time_to_live(TablesService& s, RequestContext&,
                                                          const m::DescribeTimeToLiveInput& in) {
    auto t = load_table(s.db(), in.TableName);
    if (!t) {
        return resource_not_found("Requested resource not found: Table: " + in.TableName +
                                  " not found");
    }
    m::TimeToLiveDescription d;
    d.TimeToLiveStatus = t->ttl_enabled ? "ENABLED" : "DISABLED";
    if (t->ttl_enabled) d.AttributeName = t->ttl_attribute;
    m::DescribeTimeToLiveOutput out;
    out.TimeToLiveDescription = std::move(d);
    return out;
}

}  // namespace freshet::tables
