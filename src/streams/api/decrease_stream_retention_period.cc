// DecreaseStreamRetentionPeriod: bounds first, then "can not be longer". Records older than
// the new period go at the trimmer's next pass.
#include "streams/api/retention.h"

namespace freshet::streams {

void decrease_stream_retention_period(StreamsService& svc, RequestContext& ctx,
                                      m::DecreaseStreamRetentionPeriodInput in,
                                      Reply<NoOutput> reply) {
    change_retention(svc, ctx, in, false, std::move(reply));
}

}  // namespace freshet::streams
