// The key codec's promise: bytewise order of encodings equals the logical order of values,
// and every encoding reads back. Checked on randomized inputs plus the edge cases.
#include "storage/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <tuple>
#include <vector>

namespace freshet::storage {
namespace {

int sign(int v) {
    return (v > 0) - (v < 0);
}

template <class T>
int logical_cmp(const T& a, const T& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

// Asserts that for every pair, comparing encodings gives the same answer as comparing values.
template <class T, class Encode>
void expect_order_preserved(const std::vector<T>& values, Encode encode) {
    std::vector<std::string> keys;
    for (auto& v : values) keys.push_back(encode(v));
    for (size_t i = 0; i < values.size(); ++i) {
        for (size_t j = 0; j < values.size(); ++j) {
            ASSERT_EQ(logical_cmp(values[i], values[j]), sign(keys[i].compare(keys[j])))
                << "pair " << i << ", " << j;
        }
    }
}

std::vector<std::string> sample_strings(std::mt19937_64& rng, size_t n) {
    // Few distinct bytes, so that prefixes, escapes and near-ties are frequent.
    const std::string alphabet(
        "\x00\x01\xfe\xff"
        "a",
        5);
    std::vector<std::string> out = {"",
                                    std::string(1, '\0'),
                                    std::string(2, '\0'),
                                    "\xff",
                                    "\xff\xff",
                                    "a",
                                    "a\xff",
                                    std::string("a\0", 2),
                                    "ab"};
    std::uniform_int_distribution<size_t> len(0, 6), pick(0, alphabet.size() - 1);
    while (out.size() < n) {
        std::string s;
        for (size_t i = len(rng); i > 0; --i) s.push_back(alphabet[pick(rng)]);
        out.push_back(s);
    }
    return out;
}

TEST(KeyCodec, StringsSortLikeTheirBytes) {
    std::mt19937_64 rng(1);
    expect_order_preserved(sample_strings(rng, 400),
                           [](const std::string& s) { return KeyBuilder().bytes(s).str(); });
}

TEST(KeyCodec, CompositeKeysSortComponentByComponent) {
    std::mt19937_64 rng(2);
    auto strings = sample_strings(rng, 40);
    std::vector<std::tuple<std::string, int64_t, std::string>> values;
    std::uniform_int_distribution<int64_t> small(-2, 2);
    for (int i = 0; i < 400; ++i) {
        values.emplace_back(strings[rng() % strings.size()], small(rng),
                            strings[rng() % strings.size()]);
    }
    expect_order_preserved(values, [](const auto& t) {
        return KeyBuilder().string(std::get<0>(t)).i64(std::get<1>(t)).raw(std::get<2>(t)).str();
    });
}

TEST(KeyCodec, SignedIntegersSortNegativesFirst) {
    std::mt19937_64 rng(3);
    constexpr auto kMin = std::numeric_limits<int64_t>::min();
    constexpr auto kMax = std::numeric_limits<int64_t>::max();
    std::vector<int64_t> values = {kMin, kMin + 1, -256, -1, 0, 1, 255, 256, kMax - 1, kMax};
    while (values.size() < 300) values.push_back(static_cast<int64_t>(rng()) >> (rng() % 64));
    expect_order_preserved(values, [](int64_t v) { return KeyBuilder().i64(v).str(); });
}

TEST(KeyCodec, UnsignedIntegersSortNumerically) {
    std::mt19937_64 rng(4);
    std::vector<uint64_t> values = {0, 1, 255, 256, 65535, 65536, ~uint64_t{0}};
    while (values.size() < 300) values.push_back(rng() >> (rng() % 64));
    expect_order_preserved(values, [](uint64_t v) { return KeyBuilder().u64(v).str(); });
    std::vector<uint32_t> v32;
    std::vector<uint16_t> v16;
    std::vector<uint8_t> v8;
    for (auto v : values) {
        v32.push_back(static_cast<uint32_t>(v));
        v16.push_back(static_cast<uint16_t>(v));
        v8.push_back(static_cast<uint8_t>(v));
    }
    expect_order_preserved(v32, [](uint32_t v) { return KeyBuilder().u32(v).str(); });
    expect_order_preserved(v16, [](uint16_t v) { return KeyBuilder().u16(v).str(); });
    expect_order_preserved(v8, [](uint8_t v) { return KeyBuilder().u8(v).str(); });
}

std::vector<double> sample_doubles(std::mt19937_64& rng) {
    using L = std::numeric_limits<double>;
    std::vector<double> values = {-L::infinity(),   -L::max(),      -1.0, -L::min(),
                                  -L::denorm_min(), -0.0,           0.0,  L::denorm_min(),
                                  L::min(),         L::min() * 0.5, 1.0,  1.0 + L::epsilon(),
                                  L::max(),         L::infinity()};
    while (values.size() < 400) {
        auto d = std::bit_cast<double>(rng());
        if (!std::isnan(d)) values.push_back(d);
    }
    return values;
}

TEST(KeyCodec, DoublesSortNumericallyAndZerosAreEqual) {
    std::mt19937_64 rng(5);
    // -0.0 == +0.0 logically, so the check also proves they encode to the same key.
    expect_order_preserved(sample_doubles(rng), [](double v) { return KeyBuilder().f64(v).str(); });
    auto nan = KeyBuilder().f64(std::nan("1")).str();
    EXPECT_EQ(nan, KeyBuilder().f64(-std::nan("2")).str());
    EXPECT_GT(nan, KeyBuilder().f64(std::numeric_limits<double>::infinity()).str());
}

TEST(KeyCodec, EveryComponentRoundTrips) {
    std::mt19937_64 rng(6);
    auto strings = sample_strings(rng, 50);
    auto doubles = sample_doubles(rng);
    for (int i = 0; i < 500; ++i) {
        auto s = strings[rng() % strings.size()];
        auto tail = strings[rng() % strings.size()];
        auto d = doubles[rng() % doubles.size()];
        auto u = rng();
        auto n = static_cast<int64_t>(rng());
        auto key = KeyBuilder()
                       .u8(static_cast<uint8_t>(u))
                       .u16(static_cast<uint16_t>(u))
                       .string(s)
                       .u32(static_cast<uint32_t>(u))
                       .u64(u)
                       .i64(n)
                       .f64(d)
                       .bytes(s + tail)
                       .raw(tail)
                       .str();
        KeyReader r(key);
        uint8_t o8;
        uint16_t o16;
        uint32_t o32;
        uint64_t o64;
        int64_t oi;
        double od;
        std::string os, ob, oraw;
        ASSERT_TRUE(r.u8(o8) && r.u16(o16) && r.string(os) && r.u32(o32) && r.u64(o64) &&
                    r.i64(oi) && r.f64(od) && r.bytes(ob) && r.raw(oraw));
        EXPECT_TRUE(r.done());
        EXPECT_EQ(o8, static_cast<uint8_t>(u));
        EXPECT_EQ(o16, static_cast<uint16_t>(u));
        EXPECT_EQ(o32, static_cast<uint32_t>(u));
        EXPECT_EQ(o64, u);
        EXPECT_EQ(oi, n);
        EXPECT_EQ(od, d);  // -0.0 reads back as +0.0, which compares equal
        EXPECT_EQ(os, s);
        EXPECT_EQ(ob, s + tail);
        EXPECT_EQ(oraw, tail);
    }
}

TEST(KeyCodec, MalformedInputIsRejected) {
    std::string out;
    uint64_t u;
    EXPECT_FALSE(KeyReader("abc").bytes(out));                      // no terminator
    EXPECT_FALSE(KeyReader(std::string("a\0", 2)).bytes(out));      // cut escape
    EXPECT_FALSE(KeyReader(std::string("a\0\x05", 3)).bytes(out));  // bad escape
    EXPECT_FALSE(KeyReader(std::string(7, 'x')).u64(u));            // too short
    EXPECT_TRUE(KeyReader(std::string("a\0\xff\0\x01", 5)).bytes(out));
    EXPECT_EQ(out, std::string("a\0", 2));
}

TEST(KeyCodec, PrefixSuccessorBoundsExactlyThePrefix) {
    EXPECT_EQ(prefix_successor("ab"), "ac");
    EXPECT_EQ(prefix_successor("a\xff\xff"), "b");
    EXPECT_EQ(prefix_successor("\xff\xff"), "");
    EXPECT_EQ(prefix_successor(""), "");
    std::mt19937_64 rng(7);
    auto strings = sample_strings(rng, 200);
    for (auto& p : strings) {
        auto succ = prefix_successor(p);
        if (succ.empty()) continue;
        for (auto& s : strings) {
            bool has_prefix = s.compare(0, p.size(), p) == 0 && s.size() >= p.size();
            if (has_prefix) {
                EXPECT_LT(s, succ);
            } else if (s > p) {
                EXPECT_GE(s, succ);
            }
        }
    }
}

}  // namespace
}  // namespace freshet::storage
