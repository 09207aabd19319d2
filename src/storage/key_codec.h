// Order-preserving key codec: composite keys whose bytewise order (RocksDB's comparator) equals
// the logical order of their components, compared left to right.
//
// Format (persisted: append only, never change an existing encoding):
//   u8/u16/u32/u64  big endian, fixed width.
//   i64             big endian with the sign bit flipped, so negatives sort first.
//   f64             IEEE 754 bits, sign bit flipped for positives and all bits inverted for
//                   negatives. -0.0 is written as +0.0 and every NaN as one quiet NaN (after
//                   +inf), so that equal values give equal keys.
//   bytes/string    0x00 escaped as 0x00 0xFF, terminated by 0x00 0x01. Self-delimiting, and a
//                   string sorts before its extensions ("a" < "a\0" < "a\x01" < "ab").
//   raw             appended unescaped; only as the last component.
//
// Thread safety: a KeyBuilder or KeyReader is a plain value; use one per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace freshet::storage {

class KeyBuilder {
  public:
    KeyBuilder() = default;

    KeyBuilder& u8(uint8_t v);
    KeyBuilder& u16(uint16_t v);
    KeyBuilder& u32(uint32_t v);
    KeyBuilder& u64(uint64_t v);
    KeyBuilder& i64(int64_t v);
    KeyBuilder& f64(double v);
    KeyBuilder& bytes(std::string_view v);
    KeyBuilder& string(std::string_view v) { return bytes(v); }
    // Unescaped and not self-delimiting: nothing may follow it.
    KeyBuilder& raw(std::string_view v);

    const std::string& str() const& { return key_; }
    std::string str() && { return std::move(key_); }

  private:
    std::string key_;
};

// Parses what a KeyBuilder wrote, component by component, in the same order. Every method
// returns false (and leaves the output unspecified) when the input is malformed or too short;
// the reader is then unusable. It reads from the view it was given, which must outlive it.
class KeyReader {
  public:
    explicit KeyReader(std::string_view key) : rest_(key) {}

    bool u8(uint8_t& out);
    bool u16(uint16_t& out);
    bool u32(uint32_t& out);
    bool u64(uint64_t& out);
    bool i64(int64_t& out);
    bool f64(double& out);
    bool bytes(std::string& out);
    bool string(std::string& out) { return bytes(out); }
    // Everything that is left.
    bool raw(std::string& out);

    // True when every byte has been consumed.
    bool done() const { return rest_.empty(); }
    std::string_view rest() const { return rest_; }

  private:
    bool fixed(size_t width, uint64_t& out);
    std::string_view rest_;
};

// The smallest string greater than every string that starts with `prefix`: the exclusive
// upper bound of a prefix scan. Returns "" (meaning "no upper bound" to iterate()) when no such
// string exists, i.e. when the prefix is empty or all 0xFF.
std::string prefix_successor(std::string prefix);

}  // namespace freshet::storage
