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

#include <memory>
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

// Decodes an aws-chunked body that arrives in pieces (a streamed upload of gigabytes): payload
// bytes come out as soon as they are read, and each chunk's signature is checked when the
// chunk ends. So bytes of a chunk whose signature then fails have already come out: a consumer
// makes the payload visible only once finish() has succeeded.
//
// signed_chunks: every chunk (the final empty one too) must carry a chunk-signature verified
// with `key` (derive_signing_key of the request's scope), chained from auth.signature.
// Otherwise signatures are not expected and a trailer (checksums, read and ignored) may follow
// the final chunk. Not thread-safe.
class ChunkDecoder {
  public:
    ChunkDecoder(bool signed_chunks, const crypto::Digest256& key, ParsedAuth auth);
    ~ChunkDecoder();
    ChunkDecoder(const ChunkDecoder&) = delete;
    ChunkDecoder& operator=(const ChunkDecoder&) = delete;

    // Decodes the next piece of the body, appending payload bytes to `out`. After an error,
    // every call returns that error again. Input after the end of the body is ignored.
    ChunkError feed(std::string_view in, std::string& out);
    // At the end of the body: None when it ended with its final chunk (and trailer), else
    // Malformed (truncated), or the error feed() returned.
    ChunkError finish() const;

  private:
    enum class State { Header, Data, DataEnd, Trailer, Done };
    bool take_line(std::string_view& in, bool& complete);
    ChunkError start_chunk();
    ChunkError end_chunk();

    const bool signed_;
    const crypto::Digest256 key_;
    const ParsedAuth auth_;
    std::string previous_;  // the last verified signature (the seed at first)
    State state_ = State::Header;
    ChunkError error_ = ChunkError::None;
    std::string line_;       // a header or trailer line being read
    std::string signature_;  // of the chunk being read
    size_t remaining_ = 0;   // data bytes still to come in the chunk being read
    size_t crlf_ = 0;        // bytes of the CRLF after the data seen so far
    struct Hash;
    std::unique_ptr<Hash> hash_;  // of the chunk's data
};

// Decodes a whole `body` into `out` (a ChunkDecoder fed once).
ChunkError decode_aws_chunked(std::string_view body, bool signed_chunks,
                              const crypto::Digest256& key, const ParsedAuth& auth,
                              std::string& out);

// The encoding a client writes (tests and Freshet's own clients): `data` split into chunks of
// `chunk_size` bytes, each signed in the chain starting at auth.signature.
std::string encode_aws_chunked(std::string_view data, size_t chunk_size,
                               const crypto::Digest256& key, const ParsedAuth& auth);

}  // namespace freshet::iam::sigv4
