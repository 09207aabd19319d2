#include "iam/sigv4/detail.h"

#include <fmt/format.h>

#include <array>
#include <cctype>

#include "core/encoding.h"

namespace freshet::iam::sigv4::detail {

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');  // ASCII, no locale
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> header_values(const RequestView& req, std::string_view name) {
    std::vector<std::string_view> out;
    if (req.headers == nullptr) return out;
    for (const Header& h : *req.headers) {
        if (iequals(h.name, name)) out.emplace_back(h.value);
    }
    return out;
}

std::optional<std::string> header_value(const RequestView& req, std::string_view name) {
    // One pass, no list: every request looks up several headers.
    std::optional<std::string> out;
    if (req.headers == nullptr) return out;
    for (const Header& h : *req.headers) {
        if (!iequals(h.name, name)) continue;
        if (out) {
            *out += ',';
            *out += h.value;
        } else {
            out.emplace(h.value);
        }
    }
    return out;
}

bool has_header(const RequestView& req, std::string_view name) {
    if (req.headers == nullptr) return false;
    for (const Header& h : *req.headers) {
        if (iequals(h.name, name)) return true;
    }
    return false;
}

namespace {
std::string decode_or_raw(std::string_view s) {
    // '+' is not a space here: SigV4 clients encode spaces as %20 (AWS's canonical form), and a
    // literal '+' must survive to be re-encoded as %2B.
    std::optional<std::string> decoded = percent_decode(s, false);
    return decoded ? std::move(*decoded) : std::string(s);
}
}  // namespace

std::vector<QueryParam> parse_query(std::string_view query) {
    std::vector<QueryParam> out;
    while (!query.empty()) {
        size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        size_t eq = pair.find('=');
        std::string_view name = pair.substr(0, eq);
        std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
        out.push_back({decode_or_raw(name), decode_or_raw(value)});
    }
    return out;
}

const QueryParam* find_param(const std::vector<QueryParam>& params, std::string_view name) {
    for (const QueryParam& p : params) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

std::optional<TimePoint> parse_http_date(std::string_view s) {
    // "Sun, 30 Aug 2015 12:36:00 GMT": rewritten as ISO 8601 so core's parser does the rest.
    // botocore writes the zone as "-0000" (email.utils.formatdate), so UTC offsets of zero are
    // accepted too.
    static constexpr std::array<std::string_view, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    s = trim(s);
    if (s.size() < 29 || s[3] != ',' || s[25] != ' ') return std::nullopt;
    std::string_view zone = s.substr(26);
    if (zone != "GMT" && zone != "UTC" && zone != "+0000" && zone != "-0000") return std::nullopt;
    std::string_view day = s.substr(5, 2), month = s.substr(8, 3), year = s.substr(12, 4),
                     time = s.substr(17, 8);
    for (size_t m = 0; m < kMonths.size(); ++m) {
        if (kMonths[m] != month) continue;
        return parse_iso8601(fmt::format("{}-{:02}-{}T{}Z", year, m + 1, day, time));
    }
    return std::nullopt;
}

}  // namespace freshet::iam::sigv4::detail
