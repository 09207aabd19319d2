// DecreaseStreamRetentionPeriod: bounds first, then "can not be longer". Records older than
// the new period go at the trimmer's next pass.
#include <fmt/format.h>

#include "streams/api/common.h"
#include "streams/api/retention.h"
#include "streams/errors.h"

namespace freshet::streams {

void decrease_stream_retention_period(StreamsService& svc, RequestContext& ctx,
                                      m::DecreaseStreamRetentionPeriodInput in,
                                      Reply<NoOutput> reply) {
    if (auto e = retention_out_of_bounds(in.RetentionPeriodHours)) return reply(std::move(*e));
    Caller c = caller_of(ctx);
    auto name = stream_name_of(c, in);
    if (!name.ok()) return reply(std::move(name).take_error());
    change_stream(
        svc, c, std::move(name).value(),
        [hours = in.RetentionPeriodHours](Stream& s, storage::Txn&) -> Result<void> {
            if (hours > s.retention_hours) {
                return errors::invalid_argument(fmt::format(
                    "Requested retention period ({} hours) for stream {} can not be longer than "
                    "existing retention period ({} hours). Use IncreaseRetentionPeriod API.",
                    hours, s.name, s.retention_hours));
            }
            s.retention_hours = hours;
            return Ok{};
        },
        std::move(reply));
}

}  // namespace freshet::streams
