// SHA-256 over data given in pieces (OpenSSL), for payloads too large to hold at once: the
// body of a streamed S3 upload, a large aws-chunked chunk.
//
// Not thread-safe: one owner at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace freshet::iam::sigv4 {

class Sha256Stream {
  public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream&) = delete;
    Sha256Stream& operator=(const Sha256Stream&) = delete;
    Sha256Stream(Sha256Stream&&) noexcept;
    Sha256Stream& operator=(Sha256Stream&&) noexcept;

    void update(std::string_view data);
    // The digest of everything given since construction or the last call, in lowercase hex;
    // the stream then starts over.
    std::string hex_digest();

  private:
    struct Ctx;
    std::unique_ptr<Ctx> ctx_;
};

}  // namespace freshet::iam::sigv4
