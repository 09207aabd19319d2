// S3's aws-chunked request bodies (S3 API Reference, "Signature Calculations for the
// Authorization Header: Transferring Payload in Multiple Chunks"): the payload travels as
// chunks "<hex size>;chunk-signature=<sig>\r\n<data>\r\n", ending with a zero-size chunk.
// Each chunk's signature chains from the previous one, starting at the request's own
// signature (the seed), so a changed, dropped or reordered chunk fails verification.
//
// STREAMING-UNSIGNED-PAYLOAD-TRAILER bodies use the same framing without signatures and may
// end with trailing headers (checksums), which are read and ignored.
//
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/crypto.h"
#include "iam/sigv4/auth.h"

namespace freshet::iam::sigv4 {

inline constexpr std::string_view kStreamingSignedPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kStreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

enum class ChunkError {
    None,
    Malformed,     // framing broken or body truncated
    BadSignature,  // a chunk's signature does not verify
};

// The string a chunk's signature signs: "AWS4-HMAC-SHA256-PAYLOAD", the request time, the
// scope, the previous signature, the hash of the empty string and the chunk data's hash.
std::string chunk_string_to_sign(const ParsedAuth& auth, std::string_view previous_signature,
                                 std::string_view chunk_data);

// Decodes `body` into `out`. signed_chunks: every chunk (the final empty one too) must carry a
// chunk-signature verified with `key` (derive_signing_key of the request's scope), chained from
// auth.signature. Otherwise signatures are not expected and a trailer may follow.
ChunkError decode_aws_chunked(std::string_view body, bool signed_chunks,
                              const crypto::Digest256& key, const ParsedAuth& auth,
                              std::string& out);

// The encoding a client writes (tests and Freshet's own clients): `data` split into chunks of
// `chunk_size` bytes, each signed in the chain starting at auth.signature.
std::string encode_aws_chunked(std::string_view data, size_t chunk_size,
                               const crypto::Digest256& key, const ParsedAuth& auth);

}  // namespace freshet::iam::sigv4
