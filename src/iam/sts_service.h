// STS: the Security Token Service (query protocol). The foundation implements
// GetCallerIdentity; the identities issue adds AssumeRole and GetSessionToken.
#pragma once

#include "core/service.h"
#include "iam/sts.gen.h"

namespace freshet::iam {

class StsService final : public Service {
  public:
    StsService();
    const shape::ServiceModel& model() const override { return sts::model::service_model(); }
    const Action* find_action(std::string_view name) const override { return actions_.find(name); }
    const ErrorDialect& dialect() const override { return dialect_; }

  private:
    ActionTable actions_;
    ErrorDialect dialect_;
};

// Handlers, one file each under api/.
Result<sts::model::GetCallerIdentityResponse> get_caller_identity(
    RequestContext& ctx, const sts::model::GetCallerIdentityRequest& in);

}  // namespace freshet::iam
