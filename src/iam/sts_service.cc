#include "iam/sts_service.h"

namespace freshet::iam {

namespace sm = sts::model;

StsService::StsService(const Sts& sts) : sts_(sts) {
    // The query services word their errors without the "Exception" suffix.
    dialect_.validation_code = "ValidationError";
    dialect_.serialization_code = "MalformedInput";
    dialect_.unknown_operation_code = "InvalidAction";
    // GetCallerIdentity needs no permission: AWS answers it even when every action is denied.
    Action a = action<sm::GetCallerIdentityRequest>("GetCallerIdentity", "sts:GetCallerIdentity",
                                                    &get_caller_identity,
                                                    &any_resource<sm::GetCallerIdentityRequest>);
    a.authorize = false;
    actions_.add(std::move(a));
    // AssumeRole is authorized by the handler: the role's trust policy decides, together with
    // the caller's identity policies (a trust policy naming the caller is enough on its own).
    Action assume = action<sm::AssumeRoleRequest>(
        "AssumeRole", "sts:AssumeRole",
        [this](RequestContext& ctx, const sm::AssumeRoleRequest& in) {
            return assume_role(sts_, ctx, in);
        },
        [](const RequestContext&, const sm::AssumeRoleRequest& in) { return in.RoleArn; });
    assume.authorize = false;
    actions_.add(std::move(assume));
    // GetSessionToken needs no permission either (STS API Reference, GetSessionToken:
    // "No permissions are required for users to perform this operation").
    Action session = action<sm::GetSessionTokenRequest>(
        "GetSessionToken", "sts:GetSessionToken",
        [this](RequestContext& ctx, const sm::GetSessionTokenRequest& in) {
            return get_session_token(sts_, ctx, in);
        },
        &any_resource<sm::GetSessionTokenRequest>);
    session.authorize = false;
    actions_.add(std::move(session));
}

}  // namespace freshet::iam
