#include "functions/concurrency.h"

namespace freshet::functions {

bool Concurrency::try_acquire(const std::string& function, std::optional<int64_t> reserved) {
    std::lock_guard lock(mu_);
    int64_t& n = in_flight_[function];
    if (reserved && n >= *reserved) {
        if (n == 0) in_flight_.erase(function);
        return false;
    }
    ++n;
    return true;
}

void Concurrency::release(const std::string& function) {
    std::lock_guard lock(mu_);
    auto it = in_flight_.find(function);
    if (it == in_flight_.end()) return;
    if (--it->second <= 0) in_flight_.erase(it);
}

int64_t Concurrency::in_flight(const std::string& function) const {
    std::lock_guard lock(mu_);
    auto it = in_flight_.find(function);
    return it == in_flight_.end() ? 0 : it->second;
}

}  // namespace freshet::functions
