#include "core/crypto.h"

// SHA-256 through OpenSSL's direct functions: the EVP interface of OpenSSL 3 spends more on
// looking up and setting up the algorithm than on hashing the few hundred bytes SigV4 hashes
// per request (callgrind: about 6,000 instructions per EVP digest against about 1,500). They
// are deprecated in OpenSSL 3, not removed.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <memory>
#include <stdexcept>

#include "core/encoding.h"

namespace freshet::crypto {
namespace {

// OpenSSL 3 looks an algorithm up by name on every call that passes EVP_md5() (an implicit
// fetch); it is fetched once and reused (fetched objects are thread-safe to share).
const EVP_MD* fetched(const char* name) {
    EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
    if (!md) throw std::runtime_error(std::string("EVP_MD_fetch failed: ") + name);
    return md;  // kept for the life of the process
}
const EVP_MD* md5_md() {
    static const EVP_MD* md = fetched("MD5");
    return md;
}

template <size_t N>
std::array<uint8_t, N> digest(const EVP_MD* md, std::string_view data) {
    std::array<uint8_t, N> out{};
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1 || len != N) {
        throw std::runtime_error("EVP_Digest failed");
    }
    return out;
}

struct CipherCtxDeleter {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

}  // namespace

Digest256 sha256(std::string_view data) {
    // Not the one-shot SHA256(): in OpenSSL 3 it goes through EVP_Q_digest's lookup.
    Digest256 out{};
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, data.data(), data.size());
    SHA256_Final(out.data(), &ctx);
    return out;
}
Digest128 md5(std::string_view data) {
    return digest<16>(md5_md(), data);
}
std::string sha256_hex(std::string_view data) {
    return hex_encode(as_view(sha256(data)));
}
std::string md5_hex(std::string_view data) {
    return hex_encode(as_view(md5(data)));
}

// HMAC (RFC 2104) over SHA-256: H((K ^ opad) || H((K ^ ipad) || m)).
Digest256 hmac_sha256(std::string_view key, std::string_view data) {
    constexpr size_t kBlock = 64;
    std::array<uint8_t, kBlock> k{};
    if (key.size() > kBlock) {
        Digest256 hashed = sha256(key);
        std::copy(hashed.begin(), hashed.end(), k.begin());
    } else {
        std::copy(key.begin(), key.end(), k.begin());
    }
    std::array<uint8_t, kBlock> pad;
    Digest256 inner{}, out{};
    auto run = [&](uint8_t x, std::string_view tail, Digest256& result) {
        for (size_t i = 0; i < kBlock; ++i) pad[i] = k[i] ^ x;
        SHA256_CTX ctx;
        SHA256_Init(&ctx);
        SHA256_Update(&ctx, pad.data(), pad.size());
        SHA256_Update(&ctx, tail.data(), tail.size());
        SHA256_Final(result.data(), &ctx);
    };
    run(0x36, data, inner);
    run(0x5c, as_view(inner), out);
    return out;
}

std::string random_bytes(size_t n) {
    std::string out(n, '\0');
    if (n && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    return out;
}

std::string random_string(size_t n, std::string_view alphabet) {
    std::string out;
    out.reserve(n);
    // Rejection sampling keeps the distribution uniform for any alphabet size.
    const unsigned limit = 256 - (256 % alphabet.size());
    while (out.size() < n) {
        for (unsigned char c : random_bytes(n - out.size() + 8)) {
            if (c >= limit) continue;
            out.push_back(alphabet[c % alphabet.size()]);
            if (out.size() == n) break;
        }
    }
    return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string seal(std::string_view key32, std::string_view plaintext) {
    if (key32.size() != 32) throw std::invalid_argument("seal: key must be 32 bytes");
    std::string nonce = random_bytes(12);
    std::string out = nonce;
    out.resize(12 + plaintext.size() + 16);
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    auto* k = reinterpret_cast<const unsigned char*>(key32.data());
    auto* iv = reinterpret_cast<const unsigned char*>(nonce.data());
    auto* dst = reinterpret_cast<unsigned char*>(out.data()) + 12;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, k, iv) != 1 ||
        EVP_EncryptUpdate(ctx.get(), dst, &len,
                          reinterpret_cast<const unsigned char*>(plaintext.data()),
                          static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), dst + len, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, dst + plaintext.size()) != 1) {
        throw std::runtime_error("AES-GCM encryption failed");
    }
    return out;
}

bool open(std::string_view key32, std::string_view sealed, std::string& plaintext) {
    if (key32.size() != 32 || sealed.size() < 28) return false;
    const size_t n = sealed.size() - 28;
    plaintext.assign(n, '\0');
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    auto* k = reinterpret_cast<const unsigned char*>(key32.data());
    auto* iv = reinterpret_cast<const unsigned char*>(sealed.data());
    auto* src = reinterpret_cast<const unsigned char*>(sealed.data()) + 12;
    std::string tag(sealed.substr(12 + n));
    auto* dst = reinterpret_cast<unsigned char*>(plaintext.data());
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, k, iv) != 1 ||
        EVP_DecryptUpdate(ctx.get(), dst, &len, src, static_cast<int>(n)) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), dst + len, &len) != 1) {
        plaintext.clear();
        return false;
    }
    return true;
}

}  // namespace freshet::crypto
