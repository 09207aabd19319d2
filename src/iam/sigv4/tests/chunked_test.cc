// aws-chunked bodies: the example of the S3 API Reference ("Signature Calculations for the
// Authorization Header: Transferring Payload in Multiple Chunks"): 66560 bytes of 'a' sent as
// a 65536-byte chunk, a 1024-byte chunk and the final empty chunk.
#include <gtest/gtest.h>

#include "iam/sigv4/chunked.h"
#include "iam/sigv4/sha256_stream.h"
#include "iam/sigv4/tests/aws_chunked_example.h"

namespace freshet::iam::sigv4 {
namespace {

ParsedAuth example_auth() {
    return example::auth();
}
crypto::Digest256 example_key() {
    return example::key();
}
std::string example_body() {
    return example::body();
}

TEST(Chunked, DecodesTheDocumentedExample) {
    std::string out;
    ASSERT_EQ(decode_aws_chunked(example_body(), true, example_key(), example_auth(), out),
              ChunkError::None);
    EXPECT_EQ(out, std::string(66560, 'a'));
}

TEST(Chunked, EncoderWritesTheDocumentedSignatures) {
    EXPECT_EQ(encode_aws_chunked(std::string(66560, 'a'), 65536, example_key(), example_auth()),
              example_body());
}

TEST(Chunked, ChangedDataFailsTheSignature) {
    std::string body = example_body();
    body[body.find("\r\n") + 10] = 'b';
    std::string out;
    EXPECT_EQ(decode_aws_chunked(body, true, example_key(), example_auth(), out),
              ChunkError::BadSignature);
}

TEST(Chunked, WrongSeedFailsTheFirstChunk) {
    ParsedAuth auth = example_auth();
    auth.signature[0] = '5';
    std::string out;
    EXPECT_EQ(decode_aws_chunked(example_body(), true, example_key(), auth, out),
              ChunkError::BadSignature);
}

TEST(Chunked, TruncatedBodyIsMalformed) {
    std::string body = example_body();
    std::string out;
    EXPECT_EQ(decode_aws_chunked(body.substr(0, 66000), true, example_key(), example_auth(), out),
              ChunkError::Malformed);
    // Dropping the final chunk loses the end of the signature chain.
    size_t last = body.find("0;chunk-signature=b6c6");
    EXPECT_EQ(decode_aws_chunked(body.substr(0, last), true, example_key(), example_auth(), out),
              ChunkError::Malformed);
}

TEST(Chunked, MissingSignatureIsMalformedWhenSigned) {
    std::string out;
    EXPECT_EQ(decode_aws_chunked("3\r\nabc\r\n0\r\n\r\n", true, example_key(), example_auth(), out),
              ChunkError::Malformed);
}

TEST(Chunked, UnsignedTrailerForm) {
    std::string out;
    std::string body = "3\r\nabc\r\n2\r\nde\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
    ASSERT_EQ(decode_aws_chunked(body, false, example_key(), example_auth(), out),
              ChunkError::None);
    EXPECT_EQ(out, "abcde");
}

// Feeds `body` to a decoder in pieces of `piece` bytes; the error of the first failing feed,
// else finish()'s.
ChunkError feed_in_pieces(std::string_view body, size_t piece, bool signed_chunks,
                          const ParsedAuth& auth, std::string& out) {
    ChunkDecoder d(signed_chunks, example_key(), auth);
    for (size_t at = 0; at < body.size(); at += piece) {
        if (ChunkError e = d.feed(body.substr(at, piece), out); e != ChunkError::None) return e;
    }
    return d.finish();
}

TEST(Chunked, DecoderTakesTheBodyInAnyPieces) {
    // Byte by byte splits every CRLF and header; 4099 and 65538 straddle chunk boundaries.
    for (size_t piece : {size_t{1}, size_t{7}, size_t{4099}, size_t{65538}}) {
        std::string out;
        EXPECT_EQ(feed_in_pieces(example_body(), piece, true, example_auth(), out),
                  ChunkError::None)
            << piece;
        EXPECT_EQ(out, std::string(66560, 'a')) << piece;
    }
}

TEST(Chunked, DecoderPassesDataOnBeforeTheChunkEnds) {
    ChunkDecoder d(true, example_key(), example_auth());
    std::string out;
    std::string body = example_body();
    ASSERT_EQ(d.feed(std::string_view(body).substr(0, 1000), out), ChunkError::None);
    EXPECT_EQ(out.size(), 1000u - body.find("\r\n") - 2);
    EXPECT_EQ(d.finish(), ChunkError::Malformed);  // ended here, it would be truncated
}

TEST(Chunked, DecoderErrorsStick) {
    std::string body = example_body();
    body[body.find("\r\n") + 10] = 'b';  // the first chunk's data
    ChunkDecoder d(true, example_key(), example_auth());
    std::string out;
    EXPECT_EQ(d.feed(std::string_view(body).substr(0, 66000), out), ChunkError::BadSignature);
    EXPECT_EQ(d.feed(std::string_view(body).substr(66000), out), ChunkError::BadSignature);
    EXPECT_EQ(d.finish(), ChunkError::BadSignature);
    std::string unsigned_out;
    EXPECT_EQ(feed_in_pieces("3\r\nabcX\r\n0\r\n\r\n", 2, false, example_auth(), unsigned_out),
              ChunkError::Malformed);
}

TEST(Chunked, DecoderTrailerAndEndOfBody) {
    std::string body = "3\r\nabc\r\n2\r\nde\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
    for (size_t piece : {size_t{1}, size_t{5}, body.size()}) {
        std::string out;
        EXPECT_EQ(feed_in_pieces(body, piece, false, example_auth(), out), ChunkError::None);
        EXPECT_EQ(out, "abcde");
    }
    std::string out;
    // Without the final CRLF after the last chunk: accepted, as S3 clients may end there.
    EXPECT_EQ(feed_in_pieces("3\r\nabc\r\n0\r\n", 3, false, example_auth(), out), ChunkError::None);
    // Cut inside the trailer: truncated.
    EXPECT_EQ(feed_in_pieces("3\r\nabc\r\n0\r\nx-amz-check", 3, false, example_auth(), out),
              ChunkError::Malformed);
}

TEST(Sha256Stream, MatchesTheOneShotHashAndStartsOver) {
    Sha256Stream s;
    std::string data(100000, 'q');
    for (size_t at = 0; at < data.size(); at += 333)
        s.update(std::string_view(data).substr(at, 333));
    EXPECT_EQ(s.hex_digest(), crypto::sha256_hex(data));
    EXPECT_EQ(s.hex_digest(), crypto::sha256_hex(""));
}

}  // namespace
}  // namespace freshet::iam::sigv4
