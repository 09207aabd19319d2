#include "storage/key_codec.h"

#include <bit>
#include <cmath>
#include <limits>

namespace freshet::storage {
namespace {

constexpr uint64_t kSignBit = uint64_t{1} << 63;
constexpr char kEscape = '\x00';
constexpr char kEscapedZero = '\xff';
constexpr char kTerminator = '\x01';

void put_fixed(std::string& key, uint64_t v, size_t width) {
    for (size_t i = width; i-- > 0;) key.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

}  // namespace

KeyBuilder& KeyBuilder::u8(uint8_t v) {
    put_fixed(key_, v, 1);
    return *this;
}

KeyBuilder& KeyBuilder::u16(uint16_t v) {
    put_fixed(key_, v, 2);
    return *this;
}

KeyBuilder& KeyBuilder::u32(uint32_t v) {
    put_fixed(key_, v, 4);
    return *this;
}

KeyBuilder& KeyBuilder::u64(uint64_t v) {
    put_fixed(key_, v, 8);
    return *this;
}

KeyBuilder& KeyBuilder::i64(int64_t v) {
    put_fixed(key_, static_cast<uint64_t>(v) ^ kSignBit, 8);
    return *this;
}

KeyBuilder& KeyBuilder::f64(double v) {
    // Equal values must give equal keys: -0.0 == +0.0, and all NaNs are one key.
    if (v == 0.0) v = 0.0;
    if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();
    auto bits = std::bit_cast<uint64_t>(v);
    // Positives: set the sign bit so they sort above negatives. Negatives: invert everything
    // so that a larger magnitude sorts lower.
    bits = (bits & kSignBit) ? ~bits : bits | kSignBit;
    put_fixed(key_, bits, 8);
    return *this;
}

KeyBuilder& KeyBuilder::bytes(std::string_view v) {
    for (char c : v) {
        key_.push_back(c);
        if (c == kEscape) key_.push_back(kEscapedZero);
    }
    key_.push_back(kEscape);
    key_.push_back(kTerminator);
    return *this;
}

KeyBuilder& KeyBuilder::raw(std::string_view v) {
    key_.append(v);
    return *this;
}

bool KeyReader::fixed(size_t width, uint64_t& out) {
    if (rest_.size() < width) return false;
    out = 0;
    for (size_t i = 0; i < width; ++i) out = (out << 8) | static_cast<uint8_t>(rest_[i]);
    rest_.remove_prefix(width);
    return true;
}

bool KeyReader::u8(uint8_t& out) {
    uint64_t v;
    if (!fixed(1, v)) return false;
    out = static_cast<uint8_t>(v);
    return true;
}

bool KeyReader::u16(uint16_t& out) {
    uint64_t v;
    if (!fixed(2, v)) return false;
    out = static_cast<uint16_t>(v);
    return true;
}

bool KeyReader::u32(uint32_t& out) {
    uint64_t v;
    if (!fixed(4, v)) return false;
    out = static_cast<uint32_t>(v);
    return true;
}

bool KeyReader::u64(uint64_t& out) {
    return fixed(8, out);
}

bool KeyReader::i64(int64_t& out) {
    uint64_t v;
    if (!fixed(8, v)) return false;
    out = static_cast<int64_t>(v ^ kSignBit);
    return true;
}

bool KeyReader::f64(double& out) {
    uint64_t bits;
    if (!fixed(8, bits)) return false;
    bits = (bits & kSignBit) ? bits & ~kSignBit : ~bits;
    out = std::bit_cast<double>(bits);
    return true;
}

bool KeyReader::bytes(std::string& out) {
    out.clear();
    for (size_t i = 0; i < rest_.size(); ++i) {
        if (rest_[i] != kEscape) {
            out.push_back(rest_[i]);
            continue;
        }
        if (i + 1 >= rest_.size()) return false;
        if (rest_[i + 1] == kTerminator) {
            rest_.remove_prefix(i + 2);
            return true;
        }
        if (rest_[i + 1] != kEscapedZero) return false;
        out.push_back(kEscape);
        ++i;
    }
    return false;  // no terminator
}

bool KeyReader::raw(std::string& out) {
    out.assign(rest_);
    rest_ = {};
    return true;
}

std::string prefix_successor(std::string prefix) {
    while (!prefix.empty() && static_cast<uint8_t>(prefix.back()) == 0xff) prefix.pop_back();
    if (prefix.empty()) return prefix;
    prefix.back() = static_cast<char>(static_cast<uint8_t>(prefix.back()) + 1);
    return prefix;
}

}  // namespace freshet::storage
