// Shard iterators of table streams. DynamoDB's start with the stream ARN and a "|1|"; the rest
// is opaque. Freshet's rest is base64 of a versioned payload (stream id, position: the next
// sequence number to read, creation time in ms) with an HMAC-SHA256 of the installation's
// secret over ARN and payload, truncated to 128 bits: tamper-proof, and GetRecords expires
// them 15 minutes after they were made. Pure; thread safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace freshet::tables {

struct TableStreamIterator {
    std::string stream_arn;
    uint64_t stream_id = 0;
    uint64_t position = 0;
    int64_t created_ms = 0;
};

std::string encode_table_iterator(std::string_view secret, const TableStreamIterator& it);
// nullopt when the text is not an iterator this installation made.
std::optional<TableStreamIterator> decode_table_iterator(std::string_view secret,
                                                         std::string_view text);
// The stream ARN an iterator names (for IAM), or "" when it names none.
std::string iterator_stream_arn(std::string_view text);

}  // namespace freshet::tables
