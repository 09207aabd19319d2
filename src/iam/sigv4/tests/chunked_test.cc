// aws-chunked bodies: the example of the S3 API Reference ("Signature Calculations for the
// Authorization Header: Transferring Payload in Multiple Chunks"): 66560 bytes of 'a' sent as
// a 65536-byte chunk, a 1024-byte chunk and the final empty chunk.
#include <gtest/gtest.h>

#include "iam/sigv4/chunked.h"

namespace freshet::iam::sigv4 {
namespace {

ParsedAuth example_auth() {
    ParsedAuth auth;
    auth.access_key_id = "AKIAIOSFODNN7EXAMPLE";
    auth.date = "20130524";
    auth.region = "us-east-1";
    auth.service = "s3";
    auth.amz_date = "20130524T000000Z";
    auth.signature = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    return auth;
}

crypto::Digest256 example_key() {
    return derive_signing_key("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1",
                              "s3");
}

std::string example_body() {
    std::string body = "10000;chunk-signature=";
    body += "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n";
    body += std::string(65536, 'a') + "\r\n";
    body += "400;chunk-signature=";
    body += "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n";
    body += std::string(1024, 'a') + "\r\n";
    body += "0;chunk-signature=";
    body += "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n";
    return body;
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

}  // namespace
}  // namespace freshet::iam::sigv4
