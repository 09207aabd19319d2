// Streamed S3 payloads: which requests the transport streams, how their payload is read and
// authenticated (s3_stream.h), and how the S3 service takes request bodies and gives reply
// bodies under the request id. The rest of the S3 branch is dispatcher_s3.cc.
#include "http/dispatcher.h"
#include "http/protocols/rest_xml_protocol.h"
#include "http/s3_stream.h"

namespace freshet::http {
namespace {

// S3's limit on one PUT is 5 GiB of payload (the service answers EntityTooLarge above it,
// before reading any of the body); the transport allows a wire body 1 GiB larger for the
// aws-chunked framing around it (about 1% at 8 KiB chunks, the smallest the SDKs send).
constexpr uint64_t kMaxStreamedBodyBytes = kS3MaxPutBytes + (uint64_t{1} << 30);

}  // namespace

std::optional<uint64_t> Dispatcher::streamed_body_limit(const Request& head) const {
    const Service* svc = s3_service();
    if (!svc || !is_s3_request(head)) return std::nullopt;
    // A header-signed request without x-amz-content-sha256 signs the hash of its body: that
    // one is read whole, and checked as before.
    const bool presigned = head.query.find("X-Amz-Signature=") != std::string::npos;
    if (!presigned && !head.header("x-amz-content-sha256")) return std::nullopt;
    RestXmlMatch match = match_rest_xml_operation(svc->model(), head, s3_path(head));
    if (!match.op || !blob_payload(svc->model(), match.op->input)) return std::nullopt;
    return kMaxStreamedBodyBytes;
}

Result<std::shared_ptr<S3PayloadStream>> Dispatcher::s3_payload_stream(const Request& req) const {
    namespace sigv4 = iam::sigv4;
    const std::string* given = req.header("x-amz-content-sha256");
    if (!given || *given == "UNSIGNED-PAYLOAD")
        return std::make_shared<S3PayloadStream>(req.body_reader, nullptr, "", std::nullopt);
    const bool streaming_signed = given->rfind(sigv4::kStreamingSignedPayload, 0) == 0;
    const bool streaming_unsigned = *given == sigv4::kStreamingUnsignedTrailer;
    if (!streaming_signed && !streaming_unsigned)
        return std::make_shared<S3PayloadStream>(req.body_reader, nullptr, *given, std::nullopt);
    auto decoder = chunk_decoder(req, streaming_signed);
    if (!decoder.ok()) return std::move(decoder).take_error();
    std::optional<std::string> decoded_length;
    if (const std::string* length = req.header("x-amz-decoded-content-length"))
        decoded_length = *length;
    return std::make_shared<S3PayloadStream>(req.body_reader, std::move(decoder).value(), "",
                                             std::move(decoded_length));
}

std::optional<Dispatcher::StreamedBody> Dispatcher::take_request_body(
    const std::string& request_id) {
    std::shared_ptr<S3PayloadStream> stream = streams_->take_body(request_id);
    if (!stream) return std::nullopt;
    return StreamedBody{stream->size(), [stream](std::function<void(Result<std::string>)> done) {
                            stream->read(std::move(done));
                        }};
}

bool Dispatcher::give_reply_body(const std::string& request_id, uint64_t size,
                                 std::function<std::optional<std::string>()> next) {
    return streams_->give_reply(request_id, make_body_source(size, std::move(next)));
}

}  // namespace freshet::http
