// The one way an item changes. PutItem, UpdateItem, DeleteItem, BatchWriteItem, transactions
// and the time-to-live sweeper all call write_change inside their write function, so the item,
// its secondary index entries and its stream record are written together, or (when the write
// function fails) not at all.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "tables/model/attribute_value.h"
#include "tables/store/table_meta.h"

namespace freshet::storage {
class Txn;
}  // namespace freshet::storage

namespace freshet::tables {

// Told the stream ARN once a write that appended records to a table stream is durable
// (TablesService::set_stream_listener). Runs on the commit thread: short, no throw.
using StreamListener = std::function<void(const std::string& stream_arn)>;

// Who made a change: the stream record of a time-to-live deletion names the service.
struct ChangeOrigin {
    bool ttl = false;
    double now = 0;  // seconds since the epoch (stream records' ApproximateCreationDateTime)
    // Woken after the write when the change appended a stream record (null: nobody listens).
    const StreamListener* listener = nullptr;
};

// Replaces the item stored under `key` (item_key of the table) by `now` (nullopt: deletes
// it). `old` is what the caller read under `key` in the same write function. Fails (and the
// caller's write function must fail with it) when the new item cannot be written, e.g. an
// index key attribute of the wrong type.
Result<void> write_change(storage::Txn& txn, const TableMeta& t, std::string_view key,
                          const std::optional<Item>& old, const std::optional<Item>& now,
                          const ChangeOrigin& origin);

}  // namespace freshet::tables
