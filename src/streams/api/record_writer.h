// Appending records to shards, inside a write function on the commit thread: route by hash
// key to the open shard, take the shard's next counter (read-your-writes within the group, so
// concurrent puts get distinct, increasing numbers), store the record and the new counter in
// the same batch. Then, once durable, tell the notifier which shards grew.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "streams/api/common.h"
#include "streams/model/hash_key.h"

namespace freshet::streams {

struct RecordToWrite {
    std::string partition_key;
    std::string data;
    std::optional<std::string> explicit_hash_key;  // as sent; checked against 2^128 - 1
};

struct WrittenRecord {
    uint32_t shard = 0;
    uint64_t counter = 0;
};

// What a put wrote, for the replies and the notifier.
struct PutOutcome {
    Stream stream;
    std::vector<WrittenRecord> records;
};

// InvalidArgumentException "Invalid ExplicitHashKey. ..." when a key is out of range.
Result<HashKey> hash_of(const RecordToWrite& r);

// Appends `records` (in order) to the stream's shards. `min_sequence`, when set, is
// SequenceNumberForOrdering: the caller has checked its format.
Result<void> append_records(storage::Txn& txn, const Caller& c, const std::string& stream_name,
                            const std::vector<RecordToWrite>& records, int64_t arrival_ms,
                            PutOutcome& out);

// Fires one notification per shard written (after the durable commit).
void notify_written(StreamsService& svc, const PutOutcome& outcome);

}  // namespace freshet::streams
