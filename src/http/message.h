// Protocol-neutral HTTP request and response, as the transport hands them to the dispatcher.
//
// Plain data, no Beast types: every module above src/http sees only these structs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/encoding.h"
#include "core/header.h"

namespace freshet::http {

using Header = ::freshet::Header;

// Why a streamed request body could not be read to its end.
enum class BodyError {
    None,
    Incomplete,  // the client went away, stopped sending (read_timeout), or the answer was given
    TooLarge,    // more than the stream's body limit
    Malformed,   // broken chunked transfer framing
};

// One piece of a streamed request body: bytes, or (data empty) the end of the body, or an error.
struct BodyPiece {
    std::string data;
    BodyError error = BodyError::None;
    bool end() const { return data.empty() && error == BodyError::None; }
};

// A request body the transport hands over unread (ServerOptions::stream_body), so that an
// upload of gigabytes is never held whole: the handler pulls it piece by piece, and the client
// sends no faster than the handler reads. "Expect: 100-continue" is answered at the first read,
// so a request refused before its body is read (authentication, authorization) costs the client
// no upload. An answer given before the body is read to its end closes the connection after it.
//
// Thread safety: one read at a time; read() may be called from any thread.
class BodyReader {
  public:
    virtual ~BodyReader() = default;
    // The request's Content-Length, or nullopt for a chunked body.
    virtual std::optional<uint64_t> content_length() const = 0;
    // Reads at most `max` (> 0) bytes and calls `done` exactly once, on an IO thread: with bytes,
    // with an empty piece once the body has ended (and for every read after that), or with an
    // error (then the connection closes after the answer).
    virtual void read(size_t max, std::function<void(BodyPiece)> done) = 0;
};

// A response body produced in pieces (GetObject of a large object), sent as the socket drains
// with the Content-Length given up front. HTTP/2 collects the pieces into one body.
//
// Thread safety: next() is called on an IO thread, one call at a time, only after the previous
// piece was written; it may read storage (a chunk at a time) but must not wait for long.
class BodySource {
  public:
    virtual ~BodySource() = default;
    // The Content-Length: the sum of the pieces' sizes.
    virtual uint64_t size() const = 0;
    // The next piece (non-empty), or nullopt after the last. If it throws, or the pieces do not
    // add up to size(), the connection is closed: the status line is already sent, and a short
    // body is how HTTP/1.1 tells the client that the answer failed.
    virtual std::optional<std::string> next() = 0;
};

// A BodySource of `size` bytes whose pieces come from `next`.
std::shared_ptr<BodySource> make_body_source(uint64_t size,
                                             std::function<std::optional<std::string>()> next);

struct Request {
    std::string method;           // "GET", "POST", ... as received
    std::string target;           // raw request-target as received ("/path?query")
    std::string path;             // raw path part of target (still percent-encoded)
    std::string query;            // raw query after '?', without the '?'
    std::vector<Header> headers;  // in arrival order, names as received
    std::string body;             // empty when body_reader is set
    // Set when the transport streams the body instead of reading it into `body`.
    std::shared_ptr<BodyReader> body_reader = nullptr;
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
    // When set, the body is produced in pieces instead (`body` is ignored) and Content-Length is
    // its size(), for HEAD too.
    std::shared_ptr<BodySource> body_source = nullptr;

    // Same lookup rule as Request::header.
    const std::string* header(std::string_view name) const;
};

// ASCII case-insensitive comparison, as header names compare.
inline bool iequals(std::string_view a, std::string_view b) {
    return ascii_iequals(a, b);
}

}  // namespace freshet::http
