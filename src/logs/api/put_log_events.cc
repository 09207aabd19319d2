// PutLogEvents: checks the batch with AWS's rules (model/batch_rules.h), stores the accepted
// events and reports the rejected ones in rejectedLogEventsInfo. sequenceToken is accepted and
// ignored, as AWS has done since January 2023 (no InvalidSequenceTokenException, no
// DataAlreadyAcceptedException); nextSequenceToken is still returned.
#include <fmt/format.h>

#include "logs/api/common.h"
#include "logs/errors.h"
#include "logs/model/batch_rules.h"

namespace freshet::logs {

void put_log_events(LogsService& svc, RequestContext& ctx, m::PutLogEventsRequest in,
                    Reply<m::PutLogEventsResponse> reply) {
    Caller c = caller_of(ctx);
    int64_t now = now_ms(svc);
    std::vector<BatchEvent> batch;
    batch.reserve(in.logEvents.size());
    for (const auto& e : in.logEvents) batch.push_back({e.timestamp, e.message.size()});
    // The order and size rules need no stored state: answer them before queueing a write.
    auto checked = check_batch(batch, now, 0);
    if (!checked.ok()) return reply(std::move(checked).take_error());
    auto out = std::make_shared<m::PutLogEventsResponse>();
    svc.db().committer().submit(
        [c, in = std::move(in), batch = std::move(batch), now,
         out](storage::Txn& txn) -> Result<void> {
            auto g = store::load_group(txn, c.account, c.region, in.logGroupName);
            if (!g) return errors::group_not_found();
            auto s = store::load_stream(txn, g->id, in.logStreamName);
            if (!s) return errors::stream_not_found();
            FRESHET_TRY(v, check_batch(batch, now, g->retention_days));
            std::vector<LogEvent> accepted;
            for (size_t i = v.accepted_begin; i < v.accepted_end; ++i)
                accepted.push_back({in.logEvents[i].timestamp, in.logEvents[i].message});
            append_events(txn, *g, *s, accepted, now);
            if (v.too_old_end || v.expired_end || v.too_new_start) {
                out->rejectedLogEventsInfo =
                    m::RejectedLogEventsInfo{v.too_new_start, v.too_old_end, v.expired_end};
            }
            out->nextSequenceToken = fmt::format("{:056}", s->puts + (accepted.empty() ? 1 : 0));
            return Ok{};
        },
        [out, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            reply(std::move(*out));
        });
}

}  // namespace freshet::logs
