// Internal to src/http's transport (includes Beast): conversions between Beast messages and
// the Beast-free Request/Response of message.h.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/message.h"

namespace freshet::http::detail {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Moves a parsed request into the neutral form; splits the target at the first '?'.
Request to_request(BeastRequest&& message, const std::string& remote_address);

// Builds the wire response for a request of HTTP `version` (11 = 1.1). Sets Content-Length
// from the body (for HEAD: keeps the handler's Content-Length, sends no body; 1xx, 204 and
// 304 carry neither), adds Date and "Server: Freshet" unless present. `keep_alive` comes in
// as the server's wish and goes out false if the handler asked for "Connection: close".
std::shared_ptr<BeastResponse> to_beast(Response&& response, unsigned version, bool head,
                                        bool& keep_alive);

// RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(std::chrono::system_clock::time_point when);

}  // namespace freshet::http::detail
