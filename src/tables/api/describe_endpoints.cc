#include "tables/api/common.h"

namespace freshet::tables {

// DynamoDB answers with its regional endpoint and a 1440-minute cache period; Freshet's one
// endpoint is wherever the client reached it, which the SDKs keep using (they only call this
// with endpoint discovery on).
Result<m::DescribeEndpointsResponse> describe_endpoints(TablesService&, RequestContext& ctx,
                                                        const m::DescribeEndpointsRequest&) {
    m::DescribeEndpointsResponse out;
    out.Endpoints.push_back(m::Endpoint{"dynamodb." + ctx.region + ".amazonaws.com", 1440});
    return out;
}

}  // namespace freshet::tables
