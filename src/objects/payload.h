// Payloads the transport streams instead of holding them whole (HTTP/1.1): the body of a
// PutObject or UploadPart, read piece by piece while it is written to storage, and the body of
// a GetObject reply, read from storage a chunk at a time as the socket drains. app/ wires these
// to the dispatcher, which hands them over under the request id (src/http/s3_stream.h). Without
// them (unit tests, the in-process client) bodies travel whole in the input and output.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/result.h"

namespace freshet::objects {

// A request body being received.
struct RequestBody {
    std::optional<uint64_t> size;  // the declared payload size, if known
    // Reads the next piece and calls `done` once, on any thread: non-empty bytes; "" at the
    // end, once the payload is authenticated (chunk signatures, x-amz-content-sha256); or the
    // error to answer (IncompleteBody, SignatureDoesNotMatch, XAmzContentSHA256Mismatch...).
    // One read at a time.
    std::function<void(std::function<void(Result<std::string>)>)> read;
};

struct PayloadStreams {
    // The streamed body of request `request_id`, taken once; nullopt when it came whole.
    std::function<std::optional<RequestBody>(const std::string& request_id)> take_request_body;
    // Sends the reply body of `request_id` as `size` bytes in pieces from `next` (non-empty
    // pieces, nullopt after the last; called on an IO thread, one call at a time). False when
    // the request takes its body whole: the handler then puts it in the output.
    std::function<bool(const std::string& request_id, uint64_t size,
                       std::function<std::optional<std::string>()> next)>
        give_reply_body;
};

}  // namespace freshet::objects
