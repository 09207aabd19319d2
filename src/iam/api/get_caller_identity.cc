// STS GetCallerIdentity: who the caller is. AWS allows it to every authenticated caller,
// whatever their policies say (the dispatcher's authorizer is told so by the action name).
#include "iam/sts_service.h"

namespace freshet::iam {

Result<sts::model::GetCallerIdentityResponse> get_caller_identity(
    RequestContext& ctx, const sts::model::GetCallerIdentityRequest&) {
    sts::model::GetCallerIdentityResponse out;
    out.UserId = ctx.principal.user_id;
    out.Account = ctx.principal.account_id;
    out.Arn = ctx.principal.arn;
    return out;
}

}  // namespace freshet::iam
