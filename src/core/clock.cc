#include "core/clock.h"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>

namespace freshet {
namespace {

std::tm utc_tm(TimePoint t) {
    std::time_t tt =
        std::chrono::system_clock::to_time_t(std::chrono::time_point_cast<std::chrono::seconds>(t));
    if (t < std::chrono::system_clock::from_time_t(tt)) --tt;  // floor for negative times
    std::tm tm{};
    gmtime_r(&tt, &tm);
    return tm;
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

std::optional<TimePoint> make_time(int y, int mo, int d, int h, int mi, int s) {
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace

const Clock& system_clock() {
    static const SystemClock clock;
    return clock;
}

int64_t epoch_millis(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
double epoch_seconds(TimePoint t) {
    return static_cast<double>(epoch_millis(t)) / 1000.0;
}
TimePoint from_epoch_millis(int64_t ms) {
    return TimePoint(std::chrono::milliseconds(ms));
}

std::string iso8601(TimePoint t, bool with_millis) {
    std::tm tm = utc_tm(t);
    std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", tm.tm_year + 1900,
                                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (with_millis) {
        int64_t ms = epoch_millis(t) % 1000;
        if (ms < 0) ms += 1000;
        out += fmt::format(".{:03}", ms);
    }
    out += 'Z';
    return out;
}

std::string amz_date(TimePoint t) {
    std::tm tm = utc_tm(t);
    return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                       tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string http_date(TimePoint t) {
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm = utc_tm(t);
    return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", days[tm.tm_wday], tm.tm_mday,
                       months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::optional<TimePoint> parse_amz_date(std::string_view s) {
    int y, mo, d, h, mi, se;
    if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z' || !digits(s, 0, 4, y) ||
        !digits(s, 4, 2, mo) || !digits(s, 6, 2, d) || !digits(s, 9, 2, h) ||
        !digits(s, 11, 2, mi) || !digits(s, 13, 2, se)) {
        return std::nullopt;
    }
    return make_time(y, mo, d, h, mi, se);
}

std::optional<TimePoint> parse_iso8601(std::string_view s) {
    int y, mo, d, h = 0, mi = 0, se = 0;
    if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d)) {
        return std::nullopt;
    }
    size_t pos = 10;
    int64_t millis = 0;
    if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
        if (!digits(s, pos + 1, 2, h) || s.size() < pos + 6 || s[pos + 3] != ':' ||
            !digits(s, pos + 4, 2, mi)) {
            return std::nullopt;
        }
        pos += 6;
        if (pos < s.size() && s[pos] == ':') {
            if (!digits(s, pos + 1, 2, se)) return std::nullopt;
            pos += 3;
        }
        if (pos < s.size() && s[pos] == '.') {
            size_t start = ++pos;
            int64_t scale = 100;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                millis += (s[pos] - '0') * scale;
                scale /= 10;
                ++pos;
            }
            if (pos == start) return std::nullopt;
        }
    }
    int offset_minutes = 0;
    if (pos < s.size()) {
        if (s[pos] == 'Z' || s[pos] == 'z') {
            ++pos;
        } else if (s[pos] == '+' || s[pos] == '-') {
            int oh, om;
            if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
            size_t mpos = pos + 3;
            if (mpos < s.size() && s[mpos] == ':') ++mpos;
            if (!digits(s, mpos, 2, om)) return std::nullopt;
            offset_minutes = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
            pos = mpos + 2;
        }
    }
    if (pos != s.size()) return std::nullopt;
    auto t = make_time(y, mo, d, h, mi, se);
    if (!t) return std::nullopt;
    return *t + std::chrono::milliseconds(millis) - std::chrono::minutes(offset_minutes);
}

}  // namespace freshet
