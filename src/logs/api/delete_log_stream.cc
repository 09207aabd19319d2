// DeleteLogStream: removes the stream at once; its events go with the trimmer's next pass.
#include "logs/api/common.h"
#include "logs/errors.h"

namespace freshet::logs {

void delete_log_stream(LogsService& svc, RequestContext& ctx, m::DeleteLogStreamRequest in,
                       Reply<NoOutput> reply) {
    Caller c = caller_of(ctx);
    svc.db().committer().submit(
        [c, in = std::move(in)](storage::Txn& txn) -> Result<void> {
            auto g = store::load_group(txn, c.account, c.region, in.logGroupName);
            if (!g) return errors::group_not_found();
            auto s = store::load_stream(txn, g->id, in.logStreamName);
            if (!s) return errors::stream_not_found();
            store::delete_stream(txn, *s);
            return Ok{};
        },
        [reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            reply(NoOutput{});
        });
}

}  // namespace freshet::logs
