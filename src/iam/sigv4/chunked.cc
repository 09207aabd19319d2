#include "iam/sigv4/chunked.h"

#include <fmt/format.h>

#include "core/encoding.h"
#include "iam/sigv4/detail.h"
#include "iam/sigv4/sha256_stream.h"

namespace freshet::iam::sigv4 {
namespace {

constexpr std::string_view kChunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD";
constexpr std::string_view kSignatureKey = "chunk-signature=";
// A chunk header is "<hex>;chunk-signature=<64 hex>"; anything much longer is garbage.
constexpr size_t kMaxHeaderLine = 4096;

std::string string_to_sign(const ParsedAuth& auth, std::string_view previous_signature,
                           std::string_view data_hash_hex) {
    std::string out(kChunkAlgorithm);
    out += '\n';
    out += auth.amz_date;
    out += '\n';
    out += auth.scope();
    out += '\n';
    out += previous_signature;
    out += '\n';
    out += crypto::sha256_hex("");
    out += '\n';
    out += data_hash_hex;
    return out;
}

std::string sign(const crypto::Digest256& key, const ParsedAuth& auth, std::string_view previous,
                 std::string_view data_hash_hex) {
    return hex_encode(crypto::as_view(
        crypto::hmac_sha256(crypto::as_view(key), string_to_sign(auth, previous, data_hash_hex))));
}

bool parse_size(std::string_view hex, size_t& size) {
    if (hex.empty() || hex.size() > 15) return false;
    size = 0;
    for (char c : hex) {
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return false;
        size = size * 16 + static_cast<size_t>(d);
    }
    return true;
}

}  // namespace

std::string chunk_string_to_sign(const ParsedAuth& auth, std::string_view previous_signature,
                                 std::string_view chunk_data) {
    return string_to_sign(auth, previous_signature, crypto::sha256_hex(chunk_data));
}

struct ChunkDecoder::Hash {
    Sha256Stream sha;
};

ChunkDecoder::ChunkDecoder(bool signed_chunks, const crypto::Digest256& key, ParsedAuth auth)
    : signed_(signed_chunks),
      key_(key),
      auth_(std::move(auth)),
      previous_(auth_.signature),
      hash_(std::make_unique<Hash>()) {}

ChunkDecoder::~ChunkDecoder() = default;

// Moves input into line_ up to and including LF; `complete` when the line ended (CRLF removed).
// False when the line is too long or not ended by CRLF.
bool ChunkDecoder::take_line(std::string_view& in, bool& complete) {
    size_t lf = in.find('\n');
    complete = lf != std::string_view::npos;
    std::string_view part = in.substr(0, complete ? lf + 1 : in.size());
    line_.append(part);
    in.remove_prefix(part.size());
    if (line_.size() > kMaxHeaderLine + 2) return false;
    if (!complete) return true;
    if (line_.size() < 2 || line_[line_.size() - 2] != '\r') return false;
    line_.resize(line_.size() - 2);
    return true;
}

// The chunk header in line_ is complete.
ChunkError ChunkDecoder::start_chunk() {
    std::string_view line(line_);
    size_t semi = line.find(';');
    size_t size = 0;
    if (!parse_size(detail::trim(line.substr(0, semi)), size)) return ChunkError::Malformed;
    signature_.clear();
    if (semi != std::string_view::npos) {
        std::string_view ext = detail::trim(line.substr(semi + 1));
        if (ext.substr(0, kSignatureKey.size()) != kSignatureKey) return ChunkError::Malformed;
        signature_ = detail::to_lower(ext.substr(kSignatureKey.size()));
    }
    line_.clear();
    if (signed_ && signature_.empty()) return ChunkError::Malformed;
    remaining_ = size;
    if (size > 0) {
        state_ = State::Data;
        return ChunkError::None;
    }
    // The final chunk: its (empty) data signs the end of the chain; then CRLF or a trailer.
    state_ = State::Trailer;
    return end_chunk();
}

// The chunk's data is complete: its signature must continue the chain.
ChunkError ChunkDecoder::end_chunk() {
    std::string data_hash = hash_->sha.hex_digest();
    if (!signed_) return ChunkError::None;
    std::string expected = sign(key_, auth_, previous_, data_hash);
    if (!crypto::constant_time_equal(expected, signature_)) return ChunkError::BadSignature;
    previous_ = std::move(expected);
    return ChunkError::None;
}

ChunkError ChunkDecoder::feed(std::string_view in, std::string& out) {
    while (error_ == ChunkError::None && !in.empty()) {
        bool complete = false;
        switch (state_) {
            case State::Header:
                if (!take_line(in, complete)) error_ = ChunkError::Malformed;
                if (complete && error_ == ChunkError::None) error_ = start_chunk();
                break;
            case State::Data: {
                std::string_view data = in.substr(0, remaining_);
                hash_->sha.update(data);
                out.append(data);
                in.remove_prefix(data.size());
                remaining_ -= data.size();
                if (remaining_ > 0) break;
                state_ = State::DataEnd;
                crlf_ = 0;
                error_ = end_chunk();
                break;
            }
            case State::DataEnd:
                if (in[0] != "\r\n"[crlf_]) {
                    error_ = ChunkError::Malformed;
                    break;
                }
                in.remove_prefix(1);
                if (++crlf_ == 2) state_ = State::Header;
                break;
            case State::Trailer:
                if (!take_line(in, complete)) error_ = ChunkError::Malformed;
                if (!complete || error_ != ChunkError::None) break;
                if (line_.empty()) {
                    state_ = State::Done;
                } else if (signed_) {
                    error_ = ChunkError::Malformed;  // signed bodies with trailers: not supported
                }
                line_.clear();  // trailing checksums are read and ignored
                break;
            case State::Done:
                in = {};
                break;
        }
    }
    return error_;
}

ChunkError ChunkDecoder::finish() const {
    if (error_ != ChunkError::None) return error_;
    // The final chunk's header may end the body without the last CRLF.
    if (state_ == State::Done || (state_ == State::Trailer && line_.empty()))
        return ChunkError::None;
    return ChunkError::Malformed;
}

ChunkError decode_aws_chunked(std::string_view body, bool signed_chunks,
                              const crypto::Digest256& key, const ParsedAuth& auth,
                              std::string& out) {
    out.clear();
    ChunkDecoder decoder(signed_chunks, key, auth);
    if (ChunkError e = decoder.feed(body, out); e != ChunkError::None) return e;
    return decoder.finish();
}

std::string encode_aws_chunked(std::string_view data, size_t chunk_size,
                               const crypto::Digest256& key, const ParsedAuth& auth) {
    std::string out;
    std::string previous = auth.signature;
    size_t pos = 0;
    while (true) {
        std::string_view chunk = data.substr(pos, chunk_size);
        pos += chunk.size();
        previous = sign(key, auth, previous, crypto::sha256_hex(chunk));
        out += fmt::format("{:x};chunk-signature={}\r\n", chunk.size(), previous);
        out.append(chunk);
        out += "\r\n";
        if (chunk.empty()) break;
    }
    return out;
}

}  // namespace freshet::iam::sigv4
