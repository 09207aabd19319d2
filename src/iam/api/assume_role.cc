// STS AssumeRole: temporary credentials for a role whose trust policy allows the caller.
// Session policies (Policy, PolicyArns) and session tags are not supported and are refused
// rather than ignored (ignoring a session policy would grant more than the caller asked).
#include "iam/sts_service.h"

namespace freshet::iam {

Result<sts::model::AssumeRoleResponse> assume_role(const Sts& sts, RequestContext& ctx,
                                                   const sts::model::AssumeRoleRequest& in) {
    if (in.Policy || in.PolicyArns || in.Tags) {
        return ApiError{"ValidationError",
                        "Freshet does not support session policies or session tags in "
                        "AssumeRole",
                        400};
    }
    std::chrono::seconds duration(in.DurationSeconds.value_or(kDefaultRoleSession.count()));
    FRESHET_TRY(creds,
                sts.assume_role(ctx, in.RoleArn, in.RoleSessionName, duration, in.ExternalId));
    sts::model::AssumeRoleResponse out;
    out.Credentials = sts::model::Credentials{creds.access_key_id, creds.secret_access_key,
                                              creds.session_token, creds.expiration};
    out.AssumedRoleUser = sts::model::AssumedRoleUser{creds.principal.user_id, creds.principal.arn};
    return out;
}

}  // namespace freshet::iam
