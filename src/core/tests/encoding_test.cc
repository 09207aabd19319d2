#include "core/encoding.h"

#include <gtest/gtest.h>

namespace freshet {
namespace {

TEST(Base64, Rfc4648Vectors) {
    const std::pair<const char*, const char*> cases[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
    for (auto [plain, encoded] : cases) {
        EXPECT_EQ(base64_encode(plain), encoded);
        EXPECT_EQ(base64_decode(encoded).value(), plain);
    }
}

TEST(Base64, RejectsCharactersOutsideTheAlphabet) {
    EXPECT_FALSE(base64_decode("Zm9v!").has_value());
    EXPECT_FALSE(base64_decode("Z").has_value());
    EXPECT_FALSE(base64_decode("Zm-_").has_value());
    EXPECT_TRUE(base64url_decode("Zm-_").has_value());
}

TEST(Base64, BinaryRoundTrip) {
    std::string all;
    for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
    EXPECT_EQ(base64_decode(base64_encode(all)).value(), all);
    EXPECT_EQ(base64url_decode(base64url_encode(all)).value(), all);
}

TEST(Hex, RoundTripAndRejects) {
    EXPECT_EQ(hex_encode(std::string("\x00\xff\x10", 3)), "00ff10");
    EXPECT_EQ(hex_decode("00FF10").value(), std::string("\x00\xff\x10", 3));
    EXPECT_FALSE(hex_decode("0").has_value());
    EXPECT_FALSE(hex_decode("zz").has_value());
}

TEST(UriEncode, KeepsUnreservedOnly) {
    EXPECT_EQ(uri_encode("a-b_c.d~e"), "a-b_c.d~e");
    EXPECT_EQ(uri_encode("a b/c:d"), "a%20b%2Fc%3Ad");
    EXPECT_EQ(uri_encode("a b/c", true), "a%20b/c");
    EXPECT_EQ(uri_encode("\xc3\xa9"), "%C3%A9");
}

TEST(PercentDecode, FormAndPath) {
    EXPECT_EQ(percent_decode("a+b%20c", true).value(), "a b c");
    EXPECT_EQ(percent_decode("a+b", false).value(), "a+b");
    EXPECT_FALSE(percent_decode("%2", false).has_value());
    EXPECT_FALSE(percent_decode("%zz", false).has_value());
}

TEST(Utf8, Validation) {
    EXPECT_TRUE(valid_utf8("plain"));
    EXPECT_TRUE(valid_utf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
    EXPECT_FALSE(valid_utf8("\xc0\xaf"));          // overlong
    EXPECT_FALSE(valid_utf8("\xed\xa0\x80"));      // surrogate
    EXPECT_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(valid_utf8("\xe2\x82"));          // truncated
    EXPECT_EQ(utf8_length("\xc3\xa9t\xc3\xa9"), 3u);
}

TEST(AsciiIequals, FoldsLettersOnly) {
    EXPECT_TRUE(ascii_iequals("Content-Length", "content-LENGTH"));
    EXPECT_FALSE(ascii_iequals("a", "ab"));
    EXPECT_FALSE(ascii_iequals("[", "{"));  // differ only in bit 0x20, but are not letters
    EXPECT_FALSE(ascii_iequals("\xc3\xa9", "\xc3\x89"));  // no folding outside ASCII
    EXPECT_TRUE(ascii_iequals("", ""));
}

}  // namespace
}  // namespace freshet

namespace freshet {
namespace {

TEST(Base64Shape, SizeAndCanonicalEndWithoutDecoding) {
    for (std::string plain : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
        std::string text = base64_encode(plain);
        EXPECT_EQ(base64_decoded_size(text), plain.size()) << text;
        EXPECT_TRUE(base64_canonical_end(text)) << text;
    }
    EXPECT_FALSE(base64_canonical_end("Zh=="));  // 'h' leaves bits set after "f"
    EXPECT_FALSE(base64_canonical_end("Zm9="));
    EXPECT_TRUE(base64_canonical_end("Zm8="));
}

TEST(Base64Shape, AlphabetPrefixStopsAtTheFirstOtherCharacter) {
    EXPECT_EQ(base64_alphabet_prefix(""), 0u);
    EXPECT_EQ(base64_alphabet_prefix("AZaz09+/"), 8u);
    EXPECT_EQ(base64_alphabet_prefix("Zm8="), 3u);
    EXPECT_EQ(base64_alphabet_prefix("ab-c"), 2u);  // base64url's '-' is not standard
    EXPECT_EQ(base64_alphabet_prefix(std::string("a\0b", 3)), 1u);
    EXPECT_EQ(base64_alphabet_prefix("\xc3\xa9"), 0u);
}

}  // namespace
}  // namespace freshet
