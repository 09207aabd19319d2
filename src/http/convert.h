// Internal to src/http's transport (includes Beast): conversions between Beast messages and
// the Beast-free Request/Response of message.h.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/message.h"

namespace freshet::http::detail {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The neutral form of a request's start line and headers, without a body; splits the target
// at the first '?'.
Request to_request_head(const boost::beast::http::request_header<>& header,
                        const std::string& remote_address);

// Moves a parsed request into the neutral form.
Request to_request(BeastRequest&& message, const std::string& remote_address);

// Whether a response with `status` to a request that is (or is not) HEAD carries a body.
bool carries_body(int status, bool head);

// Builds the wire response for a request of HTTP `version` (11 = 1.1). Sets Content-Length
// from the body (for HEAD: keeps the handler's Content-Length, sends no body; 1xx, 204 and
// 304 carry neither), adds Date and "Server: Freshet" unless present. `keep_alive` comes in
// as the server's wish and goes out false if the handler asked for "Connection: close".
// With `streamed_length` (a Response::body_source), Content-Length is that length and the
// message gets no body: the caller writes the header, then the pieces.
std::shared_ptr<BeastResponse> to_beast(Response&& response, unsigned version, bool head,
                                        bool& keep_alive,
                                        std::optional<uint64_t> streamed_length = std::nullopt);

// RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(std::chrono::system_clock::time_point when);

}  // namespace freshet::http::detail
