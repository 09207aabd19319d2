// CreateLogGroup: a new, empty group with no retention (events never expire). kmsKeyId,
// tags, logGroupClass and deletionProtectionEnabled are accepted and not kept (see
// docs/compatibility/logs.md).
#include "logs/api/common.h"
#include "logs/errors.h"

namespace freshet::logs {

void create_log_group(LogsService& svc, RequestContext& ctx, m::CreateLogGroupRequest in,
                      Reply<NoOutput> reply) {
    Caller c = caller_of(ctx);
    int64_t now = now_ms(svc);
    svc.db().committer().submit(
        [c, name = std::move(in.logGroupName), now](storage::Txn& txn) -> Result<void> {
            if (store::load_group(txn, c.account, c.region, name)) return errors::group_exists();
            store::save_group(txn, {c.account, c.region, name, store::next_id(txn, "group"), now});
            return Ok{};
        },
        [reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            reply(NoOutput{});
        });
}

}  // namespace freshet::logs
