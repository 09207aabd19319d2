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

void change_retention(StreamsService& svc, const Caller& c, std::string name, int64_t hours,
                      bool increase, Reply<NoOutput> reply) {
    change_stream(
        svc, c, std::move(name),
        [hours, increase](Stream& s, storage::Txn&) -> Result<void> {
            if (increase ? hours < s.retention_hours : hours > s.retention_hours) {
                return errors::invalid_argument(fmt::format(
                    "Requested retention period ({} hours) for stream {} can not be {} than "
                    "existing retention period ({} hours). Use {}RetentionPeriod API.",
                    hours, s.name, increase ? "shorter" : "longer", s.retention_hours,
                    increase ? "Decrease" : "Increase"));
            }
            s.retention_hours = hours;
            return Ok{};
        },
        std::move(reply));
}

}  // namespace freshet::streams
