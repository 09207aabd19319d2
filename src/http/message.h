// Protocol-neutral HTTP request and response, as the transport hands them to the dispatcher.
//
// Plain data, no Beast types: every module above src/http sees only these structs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.h"
#include "core/header.h"

namespace freshet::http {

using Header = ::freshet::Header;

struct Request {
    std::string method;           // "GET", "POST", ... as received
    std::string target;           // raw request-target as received ("/path?query")
    std::string path;             // raw path part of target (still percent-encoded)
    std::string query;            // raw query after '?', without the '?'
    std::vector<Header> headers;  // in arrival order, names as received
    std::string body;
    std::string remote_address;  // peer IP address, "127.0.0.1"
    bool secure = false;         // always false for now (no TLS)

    // The value of the first header whose name matches case-insensitively, or nullptr.
    // The pointer is valid until `headers` is modified.
    const std::string* header(std::string_view name) const;
};

struct Response {
    int status = 200;
    // The handler sets Content-Type. The server sets Content-Length from `body` (except for
    // HEAD, where a Content-Length set by the handler is kept), and adds Date and
    // "Server: Freshet" unless present.
    std::vector<Header> headers;
    std::string body;

    // Same lookup rule as Request::header.
    const std::string* header(std::string_view name) const;
};

// ASCII case-insensitive comparison, as header names compare.
inline bool iequals(std::string_view a, std::string_view b) {
    return ascii_iequals(a, b);
}

}  // namespace freshet::http
