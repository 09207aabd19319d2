// Internal to src/http's transport. HTTP/2 over cleartext with prior knowledge (h2c), as the
// AWS SDK for JavaScript v3 speaks it to Kinesis endpoints even for plain requests. A thin
// layer over nghttp2's server session that knows no sockets: bytes in, requests out, bytes to
// write back. The connection (connection.cc) owns the socket and calls it on its strand.
//
// Thread-safety: none; one session belongs to one connection's strand.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "http/message.h"

struct nghttp2_session;

namespace freshet::http::detail {

// The 24 bytes every HTTP/2 client sends first.
inline constexpr std::string_view kH2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

class H2Session {
  public:
    // Called once per complete request (headers and body), with the stream it arrived on.
    using OnRequest = std::function<void(int32_t stream_id, Request&& request)>;

    H2Session(OnRequest on_request, std::string remote_address, size_t max_body_bytes,
              size_t max_header_bytes);
    ~H2Session();
    H2Session(const H2Session&) = delete;
    H2Session& operator=(const H2Session&) = delete;

    // Feeds bytes read from the socket. Returns false on a protocol error: the connection
    // should write what take_output() still has and close.
    bool receive(const char* data, size_t size);

    // Queues the response of a stream; ignored when the client has reset the stream.
    void respond(int32_t stream_id, Response response);

    // Bytes nghttp2 wants written now (frames, responses, window updates); empty when none.
    std::string take_output();

    // Stops accepting new streams (GOAWAY); streams already open still get their answers.
    void go_away();

    // True while nghttp2 wants to read or write: false once the session has ended.
    bool alive() const;
    // Streams received whose responses are not yet fully written.
    size_t open_streams() const { return streams_.size(); }
    // Streams whose request has begun but is not complete yet (headers or body still coming).
    size_t receiving_streams() const;

  private:
    struct Stream;
    struct Callbacks;
    Stream* stream(int32_t id);

    nghttp2_session* session_ = nullptr;
    OnRequest on_request_;
    std::string remote_address_;
    size_t max_body_bytes_;
    size_t max_header_bytes_;
    std::map<int32_t, std::unique_ptr<Stream>> streams_;
};

}  // namespace freshet::http::detail
