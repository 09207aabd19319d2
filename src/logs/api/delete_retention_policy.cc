// DeleteRetentionPolicy: the group keeps its events forever again (events already deleted by
// the trimmer stay deleted).
#include "logs/api/common.h"
#include "logs/errors.h"

namespace freshet::logs {

void delete_retention_policy(LogsService& svc, RequestContext& ctx,
                             m::DeleteRetentionPolicyRequest in, Reply<NoOutput> reply) {
    set_retention(svc, ctx, std::move(in.logGroupName), 0, std::move(reply));
}

}  // namespace freshet::logs
