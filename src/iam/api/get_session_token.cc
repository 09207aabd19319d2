// STS GetSessionToken: temporary credentials for the caller's own identity.
#include "iam/sts_service.h"

namespace freshet::iam {

Result<sts::model::GetSessionTokenResponse> get_session_token(
    const Sts& sts, RequestContext& ctx, const sts::model::GetSessionTokenRequest& in) {
    FRESHET_TRY(creds, sts.get_session_token(ctx, in.DurationSeconds));
    sts::model::GetSessionTokenResponse out;
    out.Credentials = sts::model::Credentials{creds.access_key_id, creds.secret_access_key,
                                              creds.session_token, creds.expiration};
    return out;
}

}  // namespace freshet::iam
