#include "core/crypto.h"

#include <gtest/gtest.h>

#include "core/encoding.h"
#include "core/ids.h"

namespace freshet {
namespace {

TEST(Crypto, Sha256KnownValues) {
    EXPECT_EQ(crypto::sha256_hex(""),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(crypto::sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, HmacSha256Rfc4231Case2) {
    EXPECT_EQ(
        hex_encode(crypto::as_view(crypto::hmac_sha256("Jefe", "what do ya want for nothing?"))),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, Md5KnownValue) {
    EXPECT_EQ(crypto::md5_hex("The quick brown fox jumps over the lazy dog"),
              "9e107d9d372bb6826bd81d3542a419d6");
}

TEST(Crypto, ConstantTimeEqual) {
    EXPECT_TRUE(crypto::constant_time_equal("abc", "abc"));
    EXPECT_FALSE(crypto::constant_time_equal("abc", "abd"));
    EXPECT_FALSE(crypto::constant_time_equal("abc", "abcd"));
}

TEST(Crypto, SealOpenRoundTripAndTamper) {
    std::string key = crypto::random_bytes(32);
    std::string sealed = crypto::seal(key, "secret value");
    std::string out;
    ASSERT_TRUE(crypto::open(key, sealed, out));
    EXPECT_EQ(out, "secret value");
    sealed[14] ^= 1;
    EXPECT_FALSE(crypto::open(key, sealed, out));
    EXPECT_FALSE(crypto::open(crypto::random_bytes(32), crypto::seal(key, "x"), out));
}

TEST(Ids, Formats) {
    std::string acct = ids::account_id();
    ASSERT_EQ(acct.size(), 12u);
    EXPECT_NE(acct[0], '0');
    std::string key = ids::access_key_id(false);
    EXPECT_EQ(key.substr(0, 4), "AKIA");
    EXPECT_EQ(key.size(), 20u);
    EXPECT_EQ(ids::access_key_id(true).substr(0, 4), "ASIA");
    EXPECT_EQ(ids::secret_access_key().size(), 40u);
    std::string uuid = ids::uuid4();
    ASSERT_EQ(uuid.size(), 36u);
    EXPECT_EQ(uuid[14], '4');
    EXPECT_NE(ids::uuid4(), uuid);
}

}  // namespace
}  // namespace freshet
