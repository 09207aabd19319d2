// Streamed S3 payloads (HTTP/1.1 only; internal to src/http, Beast-free).
//
// S3PayloadStream is the streaming counterpart of Dispatcher::s3_payload: it reads a request
// body the transport streams (BodyReader), decodes aws-chunked framing and authenticates the
// payload as it goes, and says the payload is good only at its end: chunk signatures are
// checked as each chunk ends, a plain body's x-amz-content-sha256 once the whole body is read.
// So a consumer (the S3 service) writes what it reads where nobody sees it, and makes it
// visible only after the final empty read.
//
// StreamedPayloads hands a request's payload stream to its handler, and the handler's reply
// body back to the dispatcher, under the request id: the pipeline between them (validation,
// IAM, the action table) carries JSON only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/result.h"
#include "core/shape/model.h"
#include "http/message.h"
#include "iam/sigv4/chunked.h"
#include "iam/sigv4/sha256_stream.h"

namespace freshet::http {

// S3's limit on the payload of one PUT (PutObject, UploadPart). The S3 service refuses a
// larger declared size itself; the transport's limit for streamed bodies allows this much
// payload plus its aws-chunked framing.
inline constexpr uint64_t kS3MaxPutBytes = uint64_t{5} << 30;

// IncompleteBody: the S3 API Reference's text, also for a body cut short or badly framed.
ApiError incomplete_body();
// An aws-chunked decoding failure as S3 answers it: SignatureDoesNotMatch or IncompleteBody.
ApiError chunk_error(iam::sigv4::ChunkError e);
// Whether structure `shape` (an operation's input or output; kNone: no) has a blob payload:
// the raw body of PutObject and UploadPart, GetObject's reply.
bool blob_payload(const shape::ServiceModel& model, uint16_t shape);
// The path-style path of an S3 request (dispatcher_s3.cc).
std::string s3_path(const Request& req);

class S3PayloadStream : public std::enable_shared_from_this<S3PayloadStream> {
  public:
    // `decoder`: for an aws-chunked body, else null. `expected_sha256`: the hex SHA-256 the whole
    // body must have (x-amz-content-sha256), or "" when the payload is unsigned or chunked.
    // `decoded_length`: x-amz-decoded-content-length as sent (aws-chunked), checked at the end.
    S3PayloadStream(std::shared_ptr<BodyReader> body,
                    std::unique_ptr<iam::sigv4::ChunkDecoder> decoder, std::string expected_sha256,
                    std::optional<std::string> decoded_length);
    ~S3PayloadStream();

    // The payload's size as the request declares it: x-amz-decoded-content-length for
    // aws-chunked, else Content-Length; nullopt when unknown (chunked transfer encoding).
    std::optional<uint64_t> size() const { return size_; }

    // Reads the next piece of the payload and calls `done` once, on any thread: non-empty bytes;
    // "" at the end, once the payload is authenticated; or the error to answer
    // (SignatureDoesNotMatch, XAmzContentSHA256Mismatch, IncompleteBody, EntityTooLarge). After
    // the end or an error, every read repeats it. One read at a time.
    void read(std::function<void(Result<std::string>)> done);

  private:
    void on_piece(BodyPiece piece, std::function<void(Result<std::string>)> done);
    Result<void> finish();

    std::shared_ptr<BodyReader> body_;
    std::unique_ptr<iam::sigv4::ChunkDecoder> decoder_;
    std::unique_ptr<iam::sigv4::Sha256Stream> sha_;  // when expected_ is set
    std::string expected_;
    std::optional<std::string> decoded_length_;
    std::optional<uint64_t> size_;
    uint64_t received_ = 0;  // bytes from the transport
    uint64_t decoded_ = 0;   // payload bytes passed on
    bool ended_ = false;
    std::optional<ApiError> failed_;
};

// The payload streams and reply bodies of S3 requests in flight, by request id. Thread-safe.
class StreamedPayloads {
  public:
    // Opens the slot of a request: `body` is its streamed payload (or null); `reply`: whether a
    // reply body may be streamed (the request came from a socket and its output is a blob).
    void open(const std::string& request_id, std::shared_ptr<S3PayloadStream> body, bool reply);
    // The payload stream, once; null when the request has none.
    std::shared_ptr<S3PayloadStream> take_body(const std::string& request_id);
    // Sets the reply body; false when the request takes no streamed reply.
    bool give_reply(const std::string& request_id, std::shared_ptr<BodySource> source);
    // Closes the slot (the request is answered); returns the reply body given, if any.
    std::shared_ptr<BodySource> close(const std::string& request_id);
    size_t size() const;

  private:
    struct Slot {
        std::shared_ptr<S3PayloadStream> body;
        bool reply = false;
        std::shared_ptr<BodySource> source;
    };
    mutable std::mutex mu_;
    std::unordered_map<std::string, Slot> slots_;
};

}  // namespace freshet::http
