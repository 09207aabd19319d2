#include "iam/sts_service.h"

namespace freshet::iam {

namespace sm = sts::model;

StsService::StsService() {
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
}

}  // namespace freshet::iam
