#include "console/sessions.h"

#include <algorithm>

#include "core/crypto.h"
#include "core/encoding.h"

namespace freshet::console {

namespace {

std::string new_token() {
    return hex_encode(crypto::random_bytes(32));
}

}  // namespace

TimePoint Session::expires() const {
    return std::min(created + Sessions::kLifetime, last_used + Sessions::kIdle);
}

Session Sessions::create(const std::string& access_key_id) {
    Session s;
    s.token = new_token();
    s.csrf_token = new_token();
    s.access_key_id = access_key_id;
    s.created = s.last_used = clock_.now();
    std::lock_guard lock(mu_);
    purge_locked(s.created);
    sessions_[s.token] = s;
    return s;
}

std::optional<Session> Sessions::touch(const std::string& token) {
    const TimePoint now = clock_.now();
    std::lock_guard lock(mu_);
    auto it = sessions_.find(token);
    if (it == sessions_.end()) return std::nullopt;
    if (it->second.expires() <= now) {
        sessions_.erase(it);
        return std::nullopt;
    }
    it->second.last_used = now;
    return it->second;
}

void Sessions::remove(const std::string& token) {
    std::lock_guard lock(mu_);
    sessions_.erase(token);
}

std::string Sessions::issue_link(const std::string& access_key_id) {
    std::string token = new_token();
    std::lock_guard lock(mu_);
    links_[token] = Link{access_key_id, clock_.now() + kLinkLifetime};
    return token;
}

std::optional<std::string> Sessions::redeem_link(const std::string& token) {
    const TimePoint now = clock_.now();
    std::lock_guard lock(mu_);
    auto it = links_.find(token);
    if (it == links_.end()) return std::nullopt;
    Link link = std::move(it->second);
    links_.erase(it);
    if (link.expires <= now) return std::nullopt;
    return link.access_key_id;
}

size_t Sessions::size() const {
    std::lock_guard lock(mu_);
    return sessions_.size();
}

// Sessions nobody signed out of would otherwise stay until the restart.
void Sessions::purge_locked(TimePoint now) {
    std::erase_if(sessions_, [now](const auto& kv) { return kv.second.expires() <= now; });
    std::erase_if(links_, [now](const auto& kv) { return kv.second.expires <= now; });
}

}  // namespace freshet::console
