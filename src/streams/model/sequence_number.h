// Sequence numbers: decimal strings that increase within a shard and compare correctly as big
// integers (AWS's contract; KCL checkpoints compare them with BigInteger).
//
// Format (persisted in clients' checkpoints: never change): "4", then the stream id, the shard
// index and the shard's record counter, each zero-padded to a fixed width (20, 10 and 20
// digits), 51 digits in all. The fixed width makes string order equal numeric order; the
// counter is assigned on the commit thread and stored with the record in the same atomic write,
// so numbers are unique and never reused, even after a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace freshet::streams {

struct SequenceNumber {
    uint64_t stream_id = 0;
    uint32_t shard = 0;
    uint64_t counter = 0;
};

std::string format_sequence(const SequenceNumber& s);
// nullopt when the text is not one of ours.
std::optional<SequenceNumber> parse_sequence(std::string_view text);

}  // namespace freshet::streams
