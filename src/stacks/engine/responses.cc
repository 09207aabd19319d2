#include "stacks/engine/responses.h"

#include <boost/json.hpp>

#include "core/crypto.h"
#include "core/encoding.h"

namespace freshet::stacks {

void Responses::set_endpoint(std::string endpoint) {
    std::lock_guard lock(mu_);
    endpoint_ = std::move(endpoint);
}

std::string Responses::open(const std::string& request_id) {
    std::lock_guard lock(mu_);
    Slot& s = slots_[request_id];
    s.token = hex_encode(crypto::random_bytes(24));
    return endpoint_ + std::string(kPathPrefix) + s.token;
}

Result<boost::json::object> Responses::wait(const std::string& request_id,
                                            std::chrono::seconds timeout) {
    std::unique_lock lock(mu_);
    auto done = [&] { return cancelled_ || slots_.at(request_id).answer.has_value(); };
    if (!cv_.wait_for(lock, timeout, done)) {
        slots_.erase(request_id);
        return ApiError{"ValidationError",
                        "Failed to receive a response from the custom resource within " +
                            std::to_string(timeout.count()) + " seconds",
                        400};
    }
    auto node = slots_.extract(request_id);
    if (!node.mapped().answer) return ApiError{"ValidationError", "The server is stopping.", 400};
    return std::move(*node.mapped().answer);
}

bool Responses::complete(std::string_view path, std::string_view body) {
    if (path.substr(0, kPathPrefix.size()) != kPathPrefix) return false;
    std::string_view token = path.substr(kPathPrefix.size());
    if (auto q = token.find('?'); q != std::string_view::npos) token = token.substr(0, q);
    std::lock_guard lock(mu_);
    for (auto& [id, slot] : slots_) {
        if (!crypto::constant_time_equal(slot.token, token) || slot.answer) continue;
        boost::system::error_code ec;
        boost::json::value v = boost::json::parse(body, ec);
        if (ec || !v.is_object()) {
            slot.answer = Result<boost::json::object>(
                ApiError{"ValidationError",
                         "Invalid response from the custom resource: not a JSON object", 400});
        } else {
            slot.answer = Result<boost::json::object>(std::move(v.get_object()));
        }
        cv_.notify_all();
        return true;
    }
    return false;
}

void Responses::cancel_all() {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    cv_.notify_all();
}

}  // namespace freshet::stacks
