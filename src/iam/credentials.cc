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

}  // namespace freshet::iam
