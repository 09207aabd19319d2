// Shard iterators and ListShards tokens: opaque to clients, tamper-proof (HMAC-SHA256 with the
// installation's secret, truncated to 128 bits) and stamped with their creation time so that
// GetRecords can expire them after 5 minutes as AWS does.
//
// Wire format (base64; version byte first so that it can evolve): version 1, stream id, shard
// index, position (the counter of the next record to read), creation time in ms, account,
// region, stream name, then the MAC. Thread-safe (pure).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace freshet::streams {

struct IteratorState {
    uint64_t stream_id = 0;
    uint32_t shard = 0;
    uint64_t position = 0;
    int64_t created_ms = 0;
    std::string account;
    std::string region;
    std::string stream_name;
};

std::string encode_iterator(std::string_view secret, const IteratorState& it);
// nullopt when the text is not an iterator this installation made (tampered, truncated,
// another installation's): AWS answers "Invalid ShardIterator.".
std::optional<IteratorState> decode_iterator(std::string_view secret, std::string_view text);

// ListShards NextToken: the stream, the last shard returned, and when the token was made.
struct ShardsToken {
    uint64_t stream_id = 0;
    std::string stream_name;
    uint32_t after_shard = 0;
    int64_t created_ms = 0;
};
std::string encode_shards_token(std::string_view secret, const ShardsToken& t);
std::optional<ShardsToken> decode_shards_token(std::string_view secret, std::string_view text);

}  // namespace freshet::streams
