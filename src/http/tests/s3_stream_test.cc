// Streamed S3 payloads (s3_stream.h): a plain body checked against x-amz-content-sha256 only
// at its end, aws-chunked bodies decoded and their chunk signatures checked across pieces of
// any size, transport failures in S3's words, and the slots that carry streams by request id.
#include "http/s3_stream.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "iam/sigv4/chunked.h"
#include "iam/sigv4/tests/aws_chunked_example.h"

namespace freshet::http {
namespace {

// A body given in fixed pieces, answered at once; then `error`, or the end.
class FakeBody final : public BodyReader {
  public:
    FakeBody(std::string data, size_t piece, BodyError error = BodyError::None,
             std::optional<uint64_t> length = std::nullopt)
        : data_(std::move(data)), piece_(piece), error_(error), length_(length) {}
    std::optional<uint64_t> content_length() const override { return length_; }
    void read(size_t max, std::function<void(BodyPiece)> done) override {
        EXPECT_GT(max, 0u);
        if (at_ == data_.size()) return done(BodyPiece{{}, error_});
        std::string piece = data_.substr(at_, std::min(piece_, max));
        at_ += piece.size();
        done(BodyPiece{std::move(piece)});
    }

  private:
    std::string data_;
    size_t piece_;
    BodyError error_;
    std::optional<uint64_t> length_;
    size_t at_ = 0;
};

struct Drained {
    std::string payload;
    std::optional<ApiError> error;
    size_t pieces = 0;
};

Drained drain(S3PayloadStream& s) {
    Drained out;
    bool more = true;
    while (more) {
        s.read([&](Result<std::string> r) {
            if (!r.ok()) {
                out.error = r.error();
                more = false;
            } else if (r->empty()) {
                more = false;
            } else {
                ++out.pieces;
                out.payload += *r;
            }
        });
    }
    return out;
}

std::shared_ptr<S3PayloadStream> plain(const std::string& data, std::string sha,
                                       BodyError end = BodyError::None) {
    return std::make_shared<S3PayloadStream>(
        std::make_shared<FakeBody>(data, 1000, end, data.size()), nullptr, std::move(sha),
        std::nullopt);
}

TEST(S3PayloadStream, PlainBodyPassesThroughAndIsCheckedAtTheEnd) {
    std::string data(5000, 'p');
    auto good = plain(data, crypto::sha256_hex(data));
    EXPECT_EQ(good->size(), 5000u);
    Drained d = drain(*good);
    EXPECT_FALSE(d.error);
    EXPECT_EQ(d.payload, data);
    EXPECT_EQ(d.pieces, 5u);
    std::string upper = crypto::sha256_hex(data);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_FALSE(drain(*plain(data, upper)).error);
    // Another body's hash: every byte passes, and the end is the mismatch.
    auto bad = plain(data, crypto::sha256_hex("other"));
    d = drain(*bad);
    EXPECT_EQ(d.payload, data);
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, "XAmzContentSHA256Mismatch");
    EXPECT_EQ(d.error->status, 400);
    EXPECT_EQ(d.error->details.at(0).second, crypto::sha256_hex("other"));
    EXPECT_EQ(d.error->details.at(1).second, crypto::sha256_hex(data));
    // Reads after the error repeat it.
    std::optional<ApiError> again;
    bad->read([&](Result<std::string> r) { again = r.error(); });
    ASSERT_TRUE(again);
    EXPECT_EQ(again->code, "XAmzContentSHA256Mismatch");
    // Unsigned: no check.
    EXPECT_FALSE(drain(*plain(data, "")).error);
}

TEST(S3PayloadStream, TransportFailuresInS3Words) {
    auto cut = plain("abc", "", BodyError::Incomplete);
    Drained d = drain(*cut);
    EXPECT_EQ(d.payload, "abc");
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, "IncompleteBody");
    EXPECT_EQ(d.error->message,
              "You did not provide the number of bytes specified by the Content-Length HTTP "
              "header");
    d = drain(*plain("abc", "", BodyError::Malformed));
    EXPECT_EQ(d.error->code, "IncompleteBody");
    d = drain(*plain("abc", "", BodyError::TooLarge));
    EXPECT_EQ(d.error->code, "EntityTooLarge");
    EXPECT_EQ(d.error->message, "Your proposed upload exceeds the maximum allowed size");
    EXPECT_EQ(d.error->details.at(0).second, "3");  // the declared Content-Length
    EXPECT_EQ(d.error->details.at(1).second, "5368709120");
}

// The S3 API Reference's aws-chunked example.
iam::sigv4::ParsedAuth example_auth() {
    return iam::sigv4::example::auth();
}
crypto::Digest256 example_key() {
    return iam::sigv4::example::key();
}

std::shared_ptr<S3PayloadStream> chunked(const std::string& wire, size_t piece,
                                         std::optional<std::string> decoded_length) {
    return std::make_shared<S3PayloadStream>(
        std::make_shared<FakeBody>(wire, piece),
        std::make_unique<iam::sigv4::ChunkDecoder>(true, example_key(), example_auth()), "",
        std::move(decoded_length));
}

TEST(S3PayloadStream, ChunkedBodyIsDecodedAcrossPieces) {
    std::string data;
    for (int i = 0; i < 200000; ++i) data += static_cast<char>('a' + i % 26);
    std::string wire = iam::sigv4::encode_aws_chunked(data, 65536, example_key(), example_auth());
    for (size_t piece : {size_t{1000}, size_t{65536 + 87}, wire.size()}) {
        auto s = chunked(wire, piece, std::to_string(data.size()));
        EXPECT_EQ(s->size(), data.size());
        Drained d = drain(*s);
        EXPECT_FALSE(d.error) << piece;
        EXPECT_TRUE(d.payload == data) << piece;
    }
    // A changed byte in the third chunk: the bytes before it pass, then the signature fails.
    std::string tampered = wire;
    tampered[2 * (65536 + 87) + 200] ^= 1;
    Drained d = drain(*chunked(tampered, 4096, std::nullopt));
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, "SignatureDoesNotMatch");
    EXPECT_EQ(d.error->status, 403);
    EXPECT_GE(d.payload.size(), 2u * 65536);
    // The decoded length must be what x-amz-decoded-content-length said.
    d = drain(*chunked(wire, 4096, std::to_string(data.size() + 1)));
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, "IncompleteBody");
    // Cut before the final chunk.
    d = drain(*chunked(wire.substr(0, wire.size() - 90), 4096, std::nullopt));
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, "IncompleteBody");
}

TEST(StreamedPayloads, SlotsCarryStreamsByRequestId) {
    StreamedPayloads slots;
    auto body = plain("x", "");
    slots.open("a", body, false);
    slots.open("b", nullptr, true);
    EXPECT_EQ(slots.take_body("a"), body);
    EXPECT_EQ(slots.take_body("a"), nullptr);  // once
    EXPECT_EQ(slots.take_body("c"), nullptr);
    auto source = make_body_source(1, [] { return std::optional<std::string>(); });
    EXPECT_FALSE(slots.give_reply("a", source));  // a takes no streamed reply
    EXPECT_FALSE(slots.give_reply("c", source));  // no such request
    EXPECT_TRUE(slots.give_reply("b", source));
    EXPECT_EQ(slots.close("b"), source);
    EXPECT_EQ(slots.close("a"), nullptr);
    EXPECT_EQ(slots.size(), 0u);
}

}  // namespace
}  // namespace freshet::http
