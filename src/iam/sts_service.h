// STS: the Security Token Service (query protocol): GetCallerIdentity, AssumeRole and
// GetSessionToken. The credentials come from Sts (sts.h).
#pragma once

#include "core/service.h"
#include "iam/sts.gen.h"
#include "iam/sts.h"

namespace freshet::iam {

class StsService final : public Service {
  public:
    explicit StsService(const Sts& sts);
    const shape::ServiceModel& model() const override { return sts::model::service_model(); }
    const Action* find_action(std::string_view name) const override { return actions_.find(name); }
    const ErrorDialect& dialect() const override { return dialect_; }

  private:
    const Sts& sts_;
    ActionTable actions_;
    ErrorDialect dialect_;
};

// Handlers, one file each under api/.
Result<sts::model::GetCallerIdentityResponse> get_caller_identity(
    RequestContext& ctx, const sts::model::GetCallerIdentityRequest& in);
Result<sts::model::AssumeRoleResponse> assume_role(const Sts& sts, RequestContext& ctx,
                                                   const sts::model::AssumeRoleRequest& in);
Result<sts::model::GetSessionTokenResponse> get_session_token(
    const Sts& sts, RequestContext& ctx, const sts::model::GetSessionTokenRequest& in);

}  // namespace freshet::iam
