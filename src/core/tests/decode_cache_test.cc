#include "core/decode_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace freshet {
namespace {

// Decodes "n" into the number n, counting its calls; "bad" does not decode.
struct CountingDecoder {
    int calls = 0;
    std::optional<int> operator()(std::string_view bytes) {
        ++calls;
        if (bytes == "bad") return std::nullopt;
        return std::stoi(std::string(bytes));
    }
};

TEST(DecodeCacheTest, DecodesOnlyWhenTheBytesChange) {
    DecodeCache<int> cache;
    CountingDecoder decode;
    auto run = [&](std::string_view key, std::string_view bytes) {
        return cache.get(key, bytes, [&](std::string_view b) { return decode(b); });
    };
    EXPECT_EQ(run("a", "1"), 1);
    EXPECT_EQ(run("a", "1"), 1);
    EXPECT_EQ(decode.calls, 1);
    EXPECT_EQ(run("a", "2"), 2);  // new bytes under the same key: never the stale value
    EXPECT_EQ(decode.calls, 2);
    EXPECT_EQ(run("b", "2"), 2);  // same bytes under another key: a key of its own
    EXPECT_EQ(decode.calls, 3);
    EXPECT_EQ(run("a", "2"), 2);
    EXPECT_EQ(decode.calls, 3);
}

TEST(DecodeCacheTest, RemembersNothingThatDoesNotDecode) {
    DecodeCache<int> cache;
    CountingDecoder decode;
    auto run = [&](std::string_view bytes) {
        return cache.get("k", bytes, [&](std::string_view b) { return decode(b); });
    };
    EXPECT_EQ(run("bad"), std::nullopt);
    EXPECT_EQ(run("bad"), std::nullopt);
    EXPECT_EQ(decode.calls, 2);
}

TEST(DecodeCacheTest, StaysBounded) {
    DecodeCache<int> cache(2);
    CountingDecoder decode;
    auto run = [&](std::string_view key) {
        return cache.get(key, "7", [&](std::string_view b) { return decode(b); });
    };
    run("a");
    run("b");
    run("c");  // past the bound: starts over with c alone
    EXPECT_EQ(decode.calls, 3);
    run("c");
    EXPECT_EQ(decode.calls, 3);
    run("a");
    EXPECT_EQ(decode.calls, 4);
}

}  // namespace
}  // namespace freshet
