#include "http/s3_stream.h"

#include <cctype>
#include <charconv>

#include "iam/sigv4/auth.h"

namespace freshet::http {
namespace {

// Pieces asked of the transport: a quarter of a storage chunk, so that a slow client's body
// still reaches storage in good time and a fast one's in few reads.
constexpr size_t kReadBytes = 256 * 1024;

std::optional<uint64_t> parse_length(const std::string& text) {
    uint64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return n;
}

}  // namespace

ApiError chunk_error(iam::sigv4::ChunkError e) {
    namespace sigv4 = iam::sigv4;
    if (e == sigv4::ChunkError::BadSignature) {
        return sigv4::to_api_error({sigv4::AuthErrorKind::SignatureMismatch,
                                    "The request signature we calculated does not match the "
                                    "signature you provided. Check your key and signing method."},
                                   "s3");
    }
    return incomplete_body();
}

bool blob_payload(const shape::ServiceModel& model, uint16_t shape) {
    if (shape == shape::kNone) return false;
    const shape::Shape& s = model.shape(shape);
    if (!*s.payload) return false;
    for (uint16_t i = 0; i < s.member_count; ++i) {
        if (std::string_view(s.members[i].name) == s.payload)
            return model.shape(s.members[i].shape).type == shape::Type::Blob;
    }
    return false;
}

ApiError incomplete_body() {
    // S3 API Reference, error codes: IncompleteBody.
    return ApiError{"IncompleteBody",
                    "You did not provide the number of bytes specified by the Content-Length "
                    "HTTP header",
                    400};
}

S3PayloadStream::S3PayloadStream(std::shared_ptr<BodyReader> body,
                                 std::unique_ptr<iam::sigv4::ChunkDecoder> decoder,
                                 std::string expected_sha256,
                                 std::optional<std::string> decoded_length)
    : body_(std::move(body)),
      decoder_(std::move(decoder)),
      expected_(std::move(expected_sha256)),
      decoded_length_(std::move(decoded_length)) {
    if (!expected_.empty()) sha_ = std::make_unique<iam::sigv4::Sha256Stream>();
    if (decoder_) {
        if (decoded_length_) size_ = parse_length(*decoded_length_);
    } else {
        size_ = body_->content_length();
    }
}

S3PayloadStream::~S3PayloadStream() = default;

void S3PayloadStream::read(std::function<void(Result<std::string>)> done) {
    if (failed_) return done(*failed_);
    if (ended_) return done(std::string());
    body_->read(kReadBytes,
                [self = shared_from_this(), done = std::move(done)](BodyPiece piece) mutable {
                    self->on_piece(std::move(piece), std::move(done));
                });
}

void S3PayloadStream::on_piece(BodyPiece piece, std::function<void(Result<std::string>)> done) {
    if (piece.error == BodyError::TooLarge) {
        // Past the transport's limit for streamed bodies, which is above S3's 5 GiB.
        ApiError e{"EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400};
        e.details = {{"ProposedSize", std::to_string(size_.value_or(received_))},
                     {"MaxSizeAllowed", std::to_string(kS3MaxPutBytes)}};
        failed_ = std::move(e);
        return done(*failed_);
    }
    if (piece.error != BodyError::None) {
        failed_ = incomplete_body();
        return done(*failed_);
    }
    if (piece.end()) {
        if (auto ok = finish(); !ok.ok()) {
            failed_ = ok.error();
            return done(*failed_);
        }
        ended_ = true;
        return done(std::string());
    }
    received_ += piece.data.size();
    if (!decoder_) {
        if (sha_) sha_->update(piece.data);
        decoded_ += piece.data.size();
        return done(std::move(piece.data));
    }
    std::string out;
    if (auto e = decoder_->feed(piece.data, out); e != iam::sigv4::ChunkError::None) {
        failed_ = chunk_error(e);
        return done(*failed_);
    }
    if (out.empty()) return read(std::move(done));  // framing only so far
    decoded_ += out.size();
    done(std::move(out));
}

Result<void> S3PayloadStream::finish() {
    if (decoder_) {
        if (auto e = decoder_->finish(); e != iam::sigv4::ChunkError::None) return chunk_error(e);
        if (decoded_length_ && *decoded_length_ != std::to_string(decoded_))
            return incomplete_body();
    }
    if (sha_) {
        std::string computed = sha_->hex_digest();
        std::string lower = expected_;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (computed != lower) {
            // S3 API Reference, error codes: XAmzContentSHA256Mismatch.
            ApiError e{"XAmzContentSHA256Mismatch",
                       "The provided 'x-amz-content-sha256' header does not match what was "
                       "computed.",
                       400};
            e.details = {{"ClientComputedContentSHA256", expected_},
                         {"S3ComputedContentSHA256", computed}};
            return e;
        }
    }
    return Ok{};
}

void StreamedPayloads::open(const std::string& request_id, std::shared_ptr<S3PayloadStream> body,
                            bool reply) {
    std::lock_guard lock(mu_);
    slots_[request_id] = Slot{std::move(body), reply, nullptr};
}

std::shared_ptr<S3PayloadStream> StreamedPayloads::take_body(const std::string& request_id) {
    std::lock_guard lock(mu_);
    auto it = slots_.find(request_id);
    return it == slots_.end() ? nullptr : std::move(it->second.body);
}

bool StreamedPayloads::give_reply(const std::string& request_id,
                                  std::shared_ptr<BodySource> source) {
    std::lock_guard lock(mu_);
    auto it = slots_.find(request_id);
    if (it == slots_.end() || !it->second.reply) return false;
    it->second.source = std::move(source);
    return true;
}

std::shared_ptr<BodySource> StreamedPayloads::close(const std::string& request_id) {
    std::lock_guard lock(mu_);
    auto it = slots_.find(request_id);
    if (it == slots_.end()) return nullptr;
    auto source = std::move(it->second.source);
    slots_.erase(it);
    return source;
}

size_t StreamedPayloads::size() const {
    std::lock_guard lock(mu_);
    return slots_.size();
}

}  // namespace freshet::http
