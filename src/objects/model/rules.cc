#include "objects/model/rules.h"

#include <chrono>

#include "core/crypto.h"
#include "core/encoding.h"
#include "objects/errors.h"

namespace freshet::objects::rules {
namespace {

bool is_lower_or_digit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool looks_like_ip(std::string_view name) {
    int dots = 0;
    for (char c : name) {
        if (c == '.') {
            ++dots;
        } else if (c < '0' || c > '9') {
            return false;
        }
    }
    return dots == 3;
}

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Any of the ETags in an If-Match/If-None-Match list (comma separated, "*" for any).
bool etag_listed(std::string_view list, std::string_view etag) {
    size_t start = 0;
    while (start <= list.size()) {
        size_t comma = list.find(',', start);
        std::string_view item =
            list.substr(start, comma == std::string_view::npos ? comma : comma - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (starts_with(item, "W/")) item.remove_prefix(2);
        if (item == "*" || unquote(item) == unquote(etag)) return true;
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return false;
}

std::chrono::seconds whole_seconds(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch());
}

bool parse_int(std::string_view s, int64_t& out) {
    if (s.empty() || s.size() > 18) return false;
    out = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

}  // namespace

bool valid_bucket_name(std::string_view name) {
    if (name.size() < 3 || name.size() > 63) return false;
    if (!is_lower_or_digit(name.front()) || !is_lower_or_digit(name.back())) return false;
    char prev = 0;
    for (char c : name) {
        if (!is_lower_or_digit(c) && c != '.' && c != '-') return false;
        if (c == '.' && prev == '.') return false;
        prev = c;
    }
    if (looks_like_ip(name)) return false;
    for (std::string_view p : {"xn--", "sthree-", "amzn-s3-demo-"}) {
        if (starts_with(name, p)) return false;
    }
    for (std::string_view s : {"-s3alias", "--ol-s3", ".mrap", "--x-s3"}) {
        if (ends_with(name, s)) return false;
    }
    return true;
}

std::string etag_of(std::string_view data) {
    return "\"" + crypto::md5_hex(data) + "\"";
}

std::string_view unquote(std::string_view etag) {
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"')
        return etag.substr(1, etag.size() - 2);
    return etag;
}

std::optional<std::string> multipart_etag(const std::vector<std::string>& part_etags) {
    std::string digests;
    for (const auto& e : part_etags) {
        std::string_view hex = unquote(e);
        if (hex.size() != 32) return std::nullopt;
        auto bytes = hex_decode(hex);
        if (!bytes) return std::nullopt;
        digests += *bytes;
    }
    return "\"" + crypto::md5_hex(digests) + "-" + std::to_string(part_etags.size()) + "\"";
}

Result<std::optional<ByteRange>> resolve_range(std::string_view header, int64_t size) {
    using R = std::optional<ByteRange>;
    constexpr std::string_view kUnit = "bytes=";
    if (!starts_with(header, kUnit)) return R{};
    std::string_view spec = header.substr(kUnit.size());
    if (spec.find(',') != std::string_view::npos) return R{};
    size_t dash = spec.find('-');
    if (dash == std::string_view::npos) return R{};
    std::string_view a = spec.substr(0, dash), b = spec.substr(dash + 1);
    int64_t first = 0, last = 0;
    if (a.empty()) {
        // Suffix range: the last n bytes.
        if (!parse_int(b, last)) return R{};
        if (last == 0 || size == 0) return errors::invalid_range(header, size);
        return R{ByteRange{std::max<int64_t>(0, size - last), size - 1}};
    }
    if (!parse_int(a, first)) return R{};
    if (b.empty()) {
        last = size - 1;
    } else if (!parse_int(b, last) || last < first) {
        return R{};
    }
    if (first >= size) return errors::invalid_range(header, size);
    return R{ByteRange{first, std::min(last, size - 1)}};
}

Result<void> check_conditions(const Conditions& c, std::string_view etag, TimePoint modified) {
    const auto mod = whole_seconds(modified);
    if (c.if_match && !etag_listed(*c.if_match, etag))
        return errors::precondition_failed("If-Match");
    if (!c.if_match && c.if_unmodified_since && mod > whole_seconds(*c.if_unmodified_since))
        return errors::precondition_failed("If-Unmodified-Since");
    if (c.if_none_match && etag_listed(*c.if_none_match, etag)) return errors::not_modified();
    if (!c.if_none_match && c.if_modified_since && mod <= whole_seconds(*c.if_modified_since))
        return errors::not_modified();
    return Ok{};
}

}  // namespace freshet::objects::rules
