// IncreaseStreamRetentionPeriod: bounds first, then "can not be shorter" (AWS's order, as
// kinesalite recorded it).
#include "streams/api/retention.h"

namespace freshet::streams {

void increase_stream_retention_period(StreamsService& svc, RequestContext& ctx,
                                      m::IncreaseStreamRetentionPeriodInput in,
                                      Reply<NoOutput> reply) {
    change_retention(svc, ctx, in, true, std::move(reply));
}

}  // namespace freshet::streams
