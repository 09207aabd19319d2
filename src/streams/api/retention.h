// Retention period rules shared by Increase/DecreaseStreamRetentionPeriod: 24 to 8,760 hours
// (AWS's current bounds), with AWS's messages.
#pragma once

#include <cstdint>
#include <optional>

#include "core/result.h"

namespace freshet::streams {

inline constexpr int64_t kMinRetentionHours = 24;
inline constexpr int64_t kMaxRetentionHours = 8760;

// The error for a period out of bounds, if it is.
std::optional<ApiError> retention_out_of_bounds(int64_t hours);

}  // namespace freshet::streams
