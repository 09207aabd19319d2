#include "tables/api/common.h"

namespace freshet::tables {

// DynamoDB's default account and table quotas (documented service quotas). Freshet enforces
// no capacity, so these only inform clients that ask.
Result<m::DescribeLimitsOutput> describe_limits(TablesService&, RequestContext&,
                                                const m::DescribeLimitsInput&) {
    m::DescribeLimitsOutput out;
    out.AccountMaxReadCapacityUnits = 80000;
    out.AccountMaxWriteCapacityUnits = 80000;
    out.TableMaxReadCapacityUnits = 40000;
    out.TableMaxWriteCapacityUnits = 40000;
    return out;
}

}  // namespace freshet::tables
