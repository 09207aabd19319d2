// RocksDB layout of the logs module (Cf::Logs) and the records it holds. Persisted: append
// only, never reorder or remove a tag byte or change an encoding.
//
//   'g' account region group_name      -> JSON GroupRecord
//   's' group_id stream_name           -> JSON StreamRecord
//   'e' stream_id timestamp(i64) seq   -> i64 ingestion time, then the message bytes
//   'n' counter name                   -> u64: next group id ("group"), stream id ("stream"),
//                                         event sequence ("event")
//   'd' stream_id                      -> "": a deleted stream whose events the trimmer
//                                         still has to remove
//
// Group and stream ids are never reused, so a group or stream deleted and created again
// never shows the old events, even before the trimmer removed them. The event sequence is
// global: (timestamp, seq) orders the events of all streams, which FilterLogEvents and the
// pagination tokens rely on.
//
// Reads take a storage::Db (committed data) or a storage::Txn (inside a write function).
// Thread safety: free functions over the given Db/Txn.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/db.h"

namespace freshet::logs::store {

struct GroupRecord {
    std::string account;
    std::string region;
    std::string name;
    uint64_t id = 0;
    int64_t created_ms = 0;
    int64_t retention_days = 0;  // 0: never expire
    int64_t stored_bytes = 0;    // message bytes put, less those trimmed
};

struct StreamRecord {
    uint64_t id = 0;
    uint64_t group_id = 0;
    std::string name;
    int64_t created_ms = 0;
    std::optional<int64_t> first_event_ms;
    std::optional<int64_t> last_event_ms;
    std::optional<int64_t> last_ingestion_ms;
    uint64_t puts = 0;  // successful PutLogEvents calls: the upload sequence token
};

struct EventRecord {
    uint64_t stream_id = 0;
    int64_t timestamp_ms = 0;
    uint64_t seq = 0;
    int64_t ingestion_ms = 0;
    std::string message;
};

// A point in the (timestamp, seq) order of events.
struct Position {
    int64_t timestamp_ms = 0;
    uint64_t seq = 0;
    friend bool operator<(const Position& a, const Position& b) {
        return a.timestamp_ms != b.timestamp_ms ? a.timestamp_ms < b.timestamp_ms : a.seq < b.seq;
    }
    friend bool operator==(const Position&, const Position&) = default;
};

template <class R>
std::optional<GroupRecord> load_group(const R& r, std::string_view account, std::string_view region,
                                      std::string_view name);
// Groups of the account and region whose names start with `prefix`, after `after` (exclusive;
// "" for the first), at most `limit`.
std::vector<GroupRecord> list_groups(const storage::Db& db, std::string_view account,
                                     std::string_view region, std::string_view prefix,
                                     std::string_view after, size_t limit);
// Every group of every account: for the trimmer.
std::vector<GroupRecord> all_groups(const storage::Db& db);
void save_group(storage::Txn& txn, const GroupRecord& g);
void delete_group_record(storage::Txn& txn, const GroupRecord& g);

template <class R>
std::optional<StreamRecord> load_stream(const R& r, uint64_t group_id, std::string_view name);
// Streams of the group whose names start with `prefix`, after `after`, at most `limit`
// (0: all).
template <class R>
std::vector<StreamRecord> list_streams(const R& r, uint64_t group_id, std::string_view prefix,
                                       std::string_view after = "", size_t limit = 0);
void save_stream(storage::Txn& txn, const StreamRecord& s);
// Removes the stream's record and marks its events for the trimmer.
void delete_stream(storage::Txn& txn, const StreamRecord& s);

// Reserves `n` consecutive ids of the counter and returns the first.
uint64_t next_id(storage::Txn& txn, std::string_view counter, uint64_t n = 1);

void put_event(storage::Txn& txn, const EventRecord& e);

// The events of a stream in [lower, upper) of the (timestamp, seq) order, ascending, or
// descending from upper when `backward`; at most `limit`.
std::vector<EventRecord> read_events(const storage::Db& db, uint64_t stream_id, Position lower,
                                     Position upper, bool backward, size_t limit);
std::string event_key(uint64_t stream_id, Position p);
std::string stream_events_prefix(uint64_t stream_id);
std::optional<EventRecord> decode_event(std::string_view key, std::string_view value);

// Deleted streams whose events are still stored.
std::vector<uint64_t> deleted_streams(const storage::Db& db, size_t limit);
std::string deleted_marker(uint64_t stream_id);

}  // namespace freshet::logs::store
