#include "core/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

#include "core/encoding.h"

namespace freshet::crypto {
namespace {

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
    return digest<32>(EVP_sha256(), data);
}
Digest128 md5(std::string_view data) {
    return digest<16>(EVP_md5(), data);
}
std::string sha256_hex(std::string_view data) {
    return hex_encode(as_view(sha256(data)));
}
std::string md5_hex(std::string_view data) {
    return hex_encode(as_view(md5(data)));
}

Digest256 hmac_sha256(std::string_view key, std::string_view data) {
    Digest256 out{};
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &len) ||
        len != out.size()) {
        throw std::runtime_error("HMAC failed");
    }
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
