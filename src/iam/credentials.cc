#include "iam/credentials.h"

#include <fmt/format.h>

namespace freshet::iam {

std::string implicit_deny_message(const Principal& who, std::string_view action,
                                  std::string_view resource) {
    return fmt::format(
        "User: {} is not authorized to perform: {} on resource: {} because no identity-based "
        "policy allows the {} action",
        who.arn, action, resource, action);
}

Result<void> RootOnlyAuthorizer::authorize(const RequestContext& ctx, std::string_view action,
                                           std::string_view resource) const {
    if (ctx.principal.is_root()) return Ok{};
    return ApiError{"AccessDenied", implicit_deny_message(ctx.principal, action, resource), 403};
}

}  // namespace freshet::iam
