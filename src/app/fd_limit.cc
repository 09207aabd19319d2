#include "app/fd_limit.h"

#include <sys/resource.h>

#include <algorithm>

namespace freshet::app {

namespace {

constexpr size_t kMinReserve = 64;
constexpr size_t kMaxReserve = 1024;

size_t reserve_for(size_t limit) {
    return std::clamp<size_t>(limit / 4, kMinReserve, kMaxReserve);
}

}  // namespace

ConnectionCap cap_connections(size_t wanted) {
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return {wanted, 0, 0};
    // Raise the soft limit only as far as needed: function processes inherit it.
    const rlim_t needed = static_cast<rlim_t>(wanted + kMaxReserve);
    if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < needed) {
        rlimit raised = lim;
        raised.rlim_cur = lim.rlim_max == RLIM_INFINITY ? needed : std::min(needed, lim.rlim_max);
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
    }
    if (lim.rlim_cur == RLIM_INFINITY) return {wanted, 0, 0};
    const size_t limit = static_cast<size_t>(lim.rlim_cur);
    const size_t reserved = reserve_for(limit);
    const size_t fit = limit > reserved ? limit - reserved : 1;
    return {std::min(wanted, fit), limit, reserved};
}

}  // namespace freshet::app
