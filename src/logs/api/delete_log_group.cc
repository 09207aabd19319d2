// DeleteLogGroup: removes the group and its streams at once; their events go with the
// trimmer's next pass (they are unreachable from now on: ids are never reused).
#include "logs/api/common.h"
#include "logs/errors.h"

namespace freshet::logs {

void delete_log_group(LogsService& svc, RequestContext& ctx, m::DeleteLogGroupRequest in,
                      Reply<NoOutput> reply) {
    Caller c = caller_of(ctx);
    svc.db().committer().submit(
        [c, name = std::move(in.logGroupName)](storage::Txn& txn) -> Result<void> {
            auto g = store::load_group(txn, c.account, c.region, name);
            if (!g) return errors::group_not_found();
            for (const auto& s : store::list_streams(txn, g->id, "")) store::delete_stream(txn, s);
            store::delete_group_record(txn, *g);
            return Ok{};
        },
        [reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            reply(NoOutput{});
        });
}

}  // namespace freshet::logs
