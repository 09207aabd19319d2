#include "iam/sigv4/sha256_stream.h"

#include <openssl/evp.h>

#include <stdexcept>

#include "core/encoding.h"

namespace freshet::iam::sigv4 {

struct Sha256Stream::Ctx {
    Ctx() : md(EVP_MD_CTX_new()) {
        if (!md) throw std::runtime_error("EVP_MD_CTX_new failed");
        reset();
    }
    ~Ctx() { EVP_MD_CTX_free(md); }
    void reset() {
        if (EVP_DigestInit_ex(md, EVP_sha256(), nullptr) != 1)
            throw std::runtime_error("EVP_DigestInit_ex failed");
    }
    EVP_MD_CTX* md;
};

Sha256Stream::Sha256Stream() : ctx_(std::make_unique<Ctx>()) {}
Sha256Stream::~Sha256Stream() = default;
Sha256Stream::Sha256Stream(Sha256Stream&&) noexcept = default;
Sha256Stream& Sha256Stream::operator=(Sha256Stream&&) noexcept = default;

void Sha256Stream::update(std::string_view data) {
    if (!data.empty() && EVP_DigestUpdate(ctx_->md, data.data(), data.size()) != 1)
        throw std::runtime_error("EVP_DigestUpdate failed");
}

std::string Sha256Stream::hex_digest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(ctx_->md, digest, &n) != 1)
        throw std::runtime_error("EVP_DigestFinal_ex failed");
    ctx_->reset();
    return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), n));
}

}  // namespace freshet::iam::sigv4
