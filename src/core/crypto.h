// Hashes, MACs and randomness (OpenSSL). Pure functions, thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace freshet::crypto {

using Digest256 = std::array<uint8_t, 32>;
using Digest128 = std::array<uint8_t, 16>;

Digest256 sha256(std::string_view data);
std::string sha256_hex(std::string_view data);
Digest256 hmac_sha256(std::string_view key, std::string_view data);
Digest128 md5(std::string_view data);
std::string md5_hex(std::string_view data);

// Cryptographically secure random bytes (RAND_bytes); throws on failure of the RNG (a bug or
// a broken system, not an expected failure).
std::string random_bytes(size_t n);
// n characters drawn uniformly from `alphabet`.
std::string random_string(size_t n, std::string_view alphabet);

// Compares two strings in time that depends only on their lengths (CRYPTO_memcmp).
bool constant_time_equal(std::string_view a, std::string_view b);

inline std::string_view as_view(const Digest256& d) {
    return {reinterpret_cast<const char*>(d.data()), d.size()};
}
inline std::string_view as_view(const Digest128& d) {
    return {reinterpret_cast<const char*>(d.data()), d.size()};
}

// Authenticated encryption (AES-256-GCM) for secrets at rest. The output is
// nonce (12) || ciphertext || tag (16); decrypt returns false when the tag does not verify.
std::string seal(std::string_view key32, std::string_view plaintext);
bool open(std::string_view key32, std::string_view sealed, std::string& plaintext);

}  // namespace freshet::crypto
