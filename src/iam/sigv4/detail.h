// Helpers shared by the SigV4 translation units. Not part of the module's public surface.
#pragma once

#include "core/encoding.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "iam/sigv4/request_view.h"

namespace freshet::iam::sigv4::detail {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kTerminator = "aws4_request";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

inline bool iequals(std::string_view a, std::string_view b) {
    return ascii_iequals(a, b);
}
std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);

// Every value of a header (case-insensitive name), in the order received.
std::vector<std::string_view> header_values(const RequestView& req, std::string_view name);
// The values joined with "," (as HTTP does for repeated headers); nullopt when absent.
std::optional<std::string> header_value(const RequestView& req, std::string_view name);
bool has_header(const RequestView& req, std::string_view name);

struct QueryParam {
    std::string name, value;  // percent-decoded ('+' stays '+'; raw text when malformed)
};
std::vector<QueryParam> parse_query(std::string_view query);
const QueryParam* find_param(const std::vector<QueryParam>& params, std::string_view name);

// RFC 7231 IMF-fixdate ("Sun, 30 Aug 2015 12:36:00 GMT", or "-0000" as botocore writes it),
// the forms SDKs send in `Date`.
std::optional<TimePoint> parse_http_date(std::string_view s);

}  // namespace freshet::iam::sigv4::detail
