// Time. Everything that reads the wall clock takes a Clock so tests can inject time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace freshet {

using TimePoint = std::chrono::system_clock::time_point;

// Contract: now() is thread-safe. The default clock is the system clock.
class Clock {
  public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
  public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// A clock tests move by hand.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(TimePoint t) : t_(t) {}
    TimePoint now() const override { return t_; }
    void set(TimePoint t) { t_ = t; }
    void advance(std::chrono::milliseconds d) { t_ += d; }

  private:
    TimePoint t_;
};

const Clock& system_clock();

int64_t epoch_millis(TimePoint t);
double epoch_seconds(TimePoint t);
TimePoint from_epoch_millis(int64_t ms);

// 2015-08-30T12:36:00Z (seconds) or 2015-08-30T12:36:00.123Z (with_millis).
std::string iso8601(TimePoint t, bool with_millis = false);
// SigV4's basic form: 20150830T123600Z.
std::string amz_date(TimePoint t);
// RFC 7231 HTTP date: Sun, 30 Aug 2015 12:36:00 GMT.
std::string http_date(TimePoint t);
// Parses the SigV4 basic form; nullopt when malformed.
std::optional<TimePoint> parse_amz_date(std::string_view s);
// Parses ISO 8601 (YYYY-MM-DDTHH:MM:SS[.fff][Z|+hh:mm]); nullopt when malformed.
std::optional<TimePoint> parse_iso8601(std::string_view s);

}  // namespace freshet
