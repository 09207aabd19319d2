#include "streams/model/sequence_number.h"

#include <fmt/format.h>

#include <charconv>

namespace freshet::streams {
namespace {

constexpr size_t kStreamDigits = 20;
constexpr size_t kShardDigits = 10;
constexpr size_t kCounterDigits = 20;
constexpr size_t kLength = 1 + kStreamDigits + kShardDigits + kCounterDigits;

template <class T>
bool read_field(std::string_view text, T& out) {
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && p == text.data() + text.size();
}

}  // namespace

std::string format_sequence(const SequenceNumber& s) {
    return fmt::format("4{:020}{:010}{:020}", s.stream_id, s.shard, s.counter);
}

std::optional<SequenceNumber> parse_sequence(std::string_view text) {
    if (text.size() != kLength || text[0] != '4') return std::nullopt;
    SequenceNumber s;
    if (!read_field(text.substr(1, kStreamDigits), s.stream_id) ||
        !read_field(text.substr(1 + kStreamDigits, kShardDigits), s.shard) ||
        !read_field(text.substr(1 + kStreamDigits + kShardDigits, kCounterDigits), s.counter))
        return std::nullopt;
    return s;
}

}  // namespace freshet::streams
