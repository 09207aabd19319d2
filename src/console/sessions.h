// The console's signed-in sessions, and the one-time sign-in link for the root user.
//
// Sessions live in memory only: a restart signs everybody out. A session ends 12 hours after
// sign-in or after an hour without a request, whichever comes first. Tokens are 32 random
// bytes, hex-encoded; the CSRF token is separate, so the cookie alone cannot change anything.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"

namespace freshet::console {

struct Session {
    std::string token;          // the cookie's value
    std::string csrf_token;     // sent back in X-Freshet-Csrf on every change
    std::string access_key_id;  // looked up again on every request
    TimePoint created;
    TimePoint last_used;
    TimePoint expires() const;  // the earlier of the absolute and the idle limit
};

class Sessions {
  public:
    static constexpr auto kLifetime = std::chrono::hours(12);
    static constexpr auto kIdle = std::chrono::hours(1);
    // Short: the link is printed, and server output ends up in scrollback, logs and CI output
    // (docs/security.md, F5). After it, the console's sign-in form takes the root keys.
    static constexpr auto kLinkLifetime = std::chrono::minutes(15);

    explicit Sessions(const Clock& clock = system_clock()) : clock_(clock) {}

    Session create(const std::string& access_key_id);
    // The live session with this token, its idle timer restarted; expired ones are dropped.
    std::optional<Session> touch(const std::string& token);
    void remove(const std::string& token);

    // A one-time link token for `access_key_id` (the root key), valid for kLinkLifetime.
    std::string issue_link(const std::string& access_key_id);
    // The access key a link token was issued for; the token is spent either way.
    std::optional<std::string> redeem_link(const std::string& token);

    size_t size() const;

  private:
    struct Link {
        std::string access_key_id;
        TimePoint expires;
    };
    void purge_locked(TimePoint now);

    const Clock& clock_;
    mutable std::mutex mu_;
    std::map<std::string, Session, std::less<>> sessions_;
    std::map<std::string, Link, std::less<>> links_;
};

}  // namespace freshet::console
