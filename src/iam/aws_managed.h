// AWS managed policies built into every account, with their documents, so that templates and
// scripts that attach arn:aws:iam::aws:policy/... work as on AWS. Read-only: AWS owns them.
//
// Thread safety: an immutable table built on first use.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "iam/store/records.h"

namespace freshet::iam {

// The built-in policy with this ARN (arn:aws:iam::aws:policy/<path><name>), if any.
const store::ManagedPolicy* find_aws_managed(std::string_view arn);
// Every built-in policy, ordered by name.
const std::vector<store::ManagedPolicy>& aws_managed_policies();

}  // namespace freshet::iam
