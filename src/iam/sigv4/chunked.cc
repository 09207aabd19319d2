#include "iam/sigv4/chunked.h"

#include <fmt/format.h>

#include "core/encoding.h"
#include "iam/sigv4/detail.h"

namespace freshet::iam::sigv4 {
namespace {

constexpr std::string_view kChunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD";
constexpr std::string_view kSignatureKey = "chunk-signature=";
// A chunk header is "<hex>;chunk-signature=<64 hex>"; anything much longer is garbage.
constexpr size_t kMaxHeaderLine = 4096;

std::string sign_chunk(const crypto::Digest256& key, const ParsedAuth& auth,
                       std::string_view previous, std::string_view data) {
    return hex_encode(crypto::as_view(
        crypto::hmac_sha256(crypto::as_view(key), chunk_string_to_sign(auth, previous, data))));
}

// Reads one CRLF-terminated line at `pos`; false when there is none.
bool read_line(std::string_view body, size_t& pos, std::string_view& line) {
    size_t end = body.find("\r\n", pos);
    if (end == std::string_view::npos || end - pos > kMaxHeaderLine) return false;
    line = body.substr(pos, end - pos);
    pos = end + 2;
    return true;
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
    out += crypto::sha256_hex(chunk_data);
    return out;
}

ChunkError decode_aws_chunked(std::string_view body, bool signed_chunks,
                              const crypto::Digest256& key, const ParsedAuth& auth,
                              std::string& out) {
    out.clear();
    std::string previous = auth.signature;
    size_t pos = 0;
    while (true) {
        std::string_view line;
        if (!read_line(body, pos, line)) return ChunkError::Malformed;
        size_t semi = line.find(';');
        size_t size = 0;
        if (!parse_size(detail::trim(line.substr(0, semi)), size)) return ChunkError::Malformed;
        std::string_view signature;
        if (semi != std::string_view::npos) {
            std::string_view ext = detail::trim(line.substr(semi + 1));
            if (ext.substr(0, kSignatureKey.size()) != kSignatureKey) return ChunkError::Malformed;
            signature = ext.substr(kSignatureKey.size());
        }
        if (signed_chunks && signature.empty()) return ChunkError::Malformed;
        if (size > body.size() - pos) return ChunkError::Malformed;
        std::string_view data = body.substr(pos, size);
        pos += size;
        if (signed_chunks) {
            std::string expected = sign_chunk(key, auth, previous, data);
            if (!crypto::constant_time_equal(expected, detail::to_lower(signature)))
                return ChunkError::BadSignature;
            previous = std::move(expected);
        }
        if (size == 0) break;
        out.append(data);
        if (body.substr(pos, 2) != "\r\n") return ChunkError::Malformed;
        pos += 2;
    }
    // After the last chunk: CRLF, or trailing headers then CRLF (unsigned trailer form).
    while (pos < body.size()) {
        std::string_view line;
        if (!read_line(body, pos, line)) return ChunkError::Malformed;
        if (line.empty()) break;
        if (signed_chunks) return ChunkError::Malformed;
    }
    return ChunkError::None;
}

std::string encode_aws_chunked(std::string_view data, size_t chunk_size,
                               const crypto::Digest256& key, const ParsedAuth& auth) {
    std::string out;
    std::string previous = auth.signature;
    size_t pos = 0;
    while (true) {
        std::string_view chunk = data.substr(pos, chunk_size);
        pos += chunk.size();
        previous = sign_chunk(key, auth, previous, chunk);
        out += fmt::format("{:x};chunk-signature={}\r\n", chunk.size(), previous);
        out.append(chunk);
        out += "\r\n";
        if (chunk.empty()) break;
    }
    return out;
}

}  // namespace freshet::iam::sigv4
