#include "streams/api/retention.h"

#include <fmt/format.h>

#include "streams/errors.h"

namespace freshet::streams {

std::optional<ApiError> retention_out_of_bounds(int64_t hours) {
    if (hours < kMinRetentionHours) {
        return errors::invalid_argument(fmt::format(
            "Minimum allowed retention period is {} hours. Requested retention period ({} hours) "
            "is too short.",
            kMinRetentionHours, hours));
    }
    if (hours > kMaxRetentionHours) {
        return errors::invalid_argument(fmt::format(
            "Maximum allowed retention period is {} hours. Requested retention period ({} hours) "
            "is too long.",
            kMaxRetentionHours, hours));
    }
    return std::nullopt;
}

}  // namespace freshet::streams
