#include "streams/notifier.h"

#include <mutex>

namespace freshet::streams {

RecordNotifier::SubscriptionId RecordNotifier::subscribe(Callback callback) {
    std::unique_lock lock(mu_);
    SubscriptionId id = next_id_++;
    callbacks_.emplace(id, std::move(callback));
    return id;
}

bool RecordNotifier::unsubscribe(SubscriptionId id) {
    // The exclusive lock waits for publishes in progress (they hold the shared lock).
    std::unique_lock lock(mu_);
    return callbacks_.erase(id) > 0;
}

void RecordNotifier::publish(const RecordsArrived& event) const {
    std::shared_lock lock(mu_);
    for (const auto& [id, callback] : callbacks_) callback(event);
}

size_t RecordNotifier::subscribers() const {
    std::shared_lock lock(mu_);
    return callbacks_.size();
}

}  // namespace freshet::streams
