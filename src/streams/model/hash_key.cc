#include "streams/model/hash_key.h"

#include <algorithm>

#include "core/crypto.h"

namespace freshet::streams {

std::optional<HashKey> parse_hash_key(std::string_view decimal) {
    if (decimal.empty()) return std::nullopt;
    HashKey v = 0;
    for (char c : decimal) {
        if (c < '0' || c > '9') return std::nullopt;
        HashKey digit = static_cast<HashKey>(c - '0');
        if (v > (kMaxHashKey - digit) / 10) return std::nullopt;
        v = v * 10 + digit;
    }
    return v;
}

std::string to_decimal(HashKey key) {
    if (key == 0) return "0";
    std::string s;
    while (key > 0) {
        s.push_back(static_cast<char>('0' + static_cast<int>(key % 10)));
        key /= 10;
    }
    std::reverse(s.begin(), s.end());
    return s;
}

HashKey partition_key_hash(std::string_view partition_key) {
    auto digest = crypto::md5(partition_key);
    HashKey v = 0;
    for (uint8_t b : digest) v = (v << 8) | b;
    return v;
}

std::vector<HashRange> split_evenly(size_t count) {
    std::vector<HashRange> out;
    if (count == 0) return out;
    // floor(2^128 / count), computed without overflowing 128 bits.
    HashKey n = count;
    HashKey step = kMaxHashKey / n + ((kMaxHashKey % n + 1) == n ? 1 : 0);
    for (size_t i = 0; i < count; ++i) {
        HashRange r;
        r.start = step * i;
        r.end = i + 1 == count ? kMaxHashKey : step * (i + 1) - 1;
        out.push_back(r);
    }
    return out;
}

}  // namespace freshet::streams
