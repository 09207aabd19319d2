// Table stream records: every item change of a table with an enabled stream appends one record
// in the same write as the item (write_change), so a record exists exactly when its change does.
//
// Persisted in Cf::TableItems under the stream's own id (allocate_id, so never a table's or an
// index's), append only:
//   u64(stream id)             -> u64 the next sequence number (absent: kFirstSequence)
//   u64(stream id) u64(0)      -> u64 the trim horizon: the lowest sequence number still stored
//                                 (absent: kFirstSequence); raised by the retention sweep
//   u64(stream id) u64(seq)    -> format byte 1, then the record's JSON: "e" event name, "t"
//                                 ApproximateCreationDateTime (s), "k" Keys, "n" NewImage, "o"
//                                 OldImage (wire JSON, as the view type keeps them), "z"
//                                 SizeBytes, "u" true for a time-to-live deletion
// Sequence numbers start at 1 and grow by one per record of the stream (assigned on the commit
// thread, so in commit order, never reused: a failed write rolls the counter back with it).
//
// Thread safety: the write functions run on the commit thread; the readers take a Db.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tables/store/item_writer.h"
#include "tables/store/table_meta.h"

namespace freshet::storage {
class Db;
class Txn;
}  // namespace freshet::storage

namespace freshet::tables {

inline constexpr uint64_t kFirstSequence = 1;
// Records are readable for 24 hours, and so is a stream after it is disabled.
inline constexpr double kStreamRetentionSeconds = 24 * 3600;

struct StreamRecord {
    uint64_t seq = 0;
    boost::json::object body;  // the stored JSON (see above)
};

std::string stream_counter_key(uint64_t stream_id);
std::string stream_horizon_key(uint64_t stream_id);
std::string stream_record_key(uint64_t stream_id, uint64_t seq);

// Appends the record of one item change to the table's enabled stream (inside write_change).
// Writes nothing when nothing changed: a put of an identical item, an update that changes no
// attribute, a delete of an absent item (DynamoDB's rule). With origin.listener, the listener
// hears of the stream once the write is durable.
void append_stream_record(storage::Txn& txn, const TableMeta& t, const std::optional<Item>& old,
                          const std::optional<Item>& now, const ChangeOrigin& origin);

// The next sequence number the stream will hand out (one past its last record).
uint64_t next_sequence(const storage::Db& db, uint64_t stream_id);
// The lowest sequence number not trimmed.
uint64_t trim_horizon(const storage::Db& db, uint64_t stream_id);
// Deletes everything a stream stored (DeleteTable: in the table's own write).
void drop_stream_data(storage::Txn& txn, uint64_t stream_id);

// Throws std::runtime_error on a corrupt record (never user input).
StreamRecord decode_stream_record(uint64_t seq, std::string_view bytes);

// DynamoDB's form of a sequence number: decimal, 21 digits at least.
std::string format_sequence(uint64_t seq);
// nullopt unless all digits (21 to 40, the API's bounds) and within u64.
std::optional<uint64_t> parse_sequence(std::string_view text);

}  // namespace freshet::tables
