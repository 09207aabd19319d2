// CreateLogStream: a new, empty stream in an existing group.
#include "logs/api/common.h"
#include "logs/errors.h"

namespace freshet::logs {

void create_log_stream(LogsService& svc, RequestContext& ctx, m::CreateLogStreamRequest in,
                       Reply<NoOutput> reply) {
    Caller c = caller_of(ctx);
    int64_t now = now_ms(svc);
    svc.db().committer().submit(
        [c, in = std::move(in), now](storage::Txn& txn) -> Result<void> {
            auto g = store::load_group(txn, c.account, c.region, in.logGroupName);
            if (!g) return errors::group_not_found();
            if (store::load_stream(txn, g->id, in.logStreamName)) return errors::stream_exists();
            store::StreamRecord s;
            s.id = store::next_id(txn, "stream");
            s.group_id = g->id;
            s.name = in.logStreamName;
            s.created_ms = now;
            store::save_stream(txn, s);
            return Ok{};
        },
        [reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            reply(NoOutput{});
        });
}

}  // namespace freshet::logs
