// TtlSweeper: the background task that deletes expired items of tables with time to live
// enabled, as DynamoDB's TTL process does. An item is expired when its TTL attribute is a
// Number of epoch seconds at or before now and not more than five years in the past; other
// types and values are ignored (DynamoDB's rules). Reads are not filtered: an expired item is
// returned until the sweeper deletes it, as on DynamoDB.
//
// Every period it lists the tables, scans each with TTL enabled through snapshot iterators
// (off the commit thread) and deletes what it found in chunks of kChunk items, one write
// function each, which re-reads every item and deletes it only if it is still expired (an
// update that extended it in between wins), through write_change with ChangeOrigin::ttl, so
// indexes and stream records follow.
//
// Thread safety: start/stop from the owner's thread; run_once from any thread but the commit
// thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/periodic.h"
#include "storage/db.h"
#include "tables/model/attribute_value.h"
#include "tables/store/item_writer.h"
#include "tables/store/table_meta.h"

namespace freshet::tables {

// Whether `item` has expired at `now` (epoch seconds) under the TTL attribute `attribute`.
bool ttl_expired(const Item& item, const std::string& attribute, double now);

class TtlSweeper {
  public:
    static constexpr size_t kChunk = 100;  // deletions per write function
    // Called with (table id, items deleted) after each chunk.
    using OnDeleted = std::function<void(uint64_t, uint64_t)>;

    // `listener` (may be null) hears of the stream records the deletions append.
    TtlSweeper(storage::Db& db, const Clock& clock, std::chrono::milliseconds period,
               OnDeleted on_deleted, const StreamListener* listener = nullptr);
    ~TtlSweeper();  // stop()
    void start();
    // Ends the pass in progress at its next chunk, then joins. Idempotent.
    void stop();
    // One pass over every table; returns the number of items deleted.
    size_t run_once();

  private:
    size_t sweep(const TableMeta& t);
    size_t delete_expired(const TableMeta& t, const std::vector<std::string>& keys);

    storage::Db& db_;
    const Clock& clock_;
    OnDeleted on_deleted_;
    const StreamListener* listener_;
    std::atomic<bool> stopping_{false};
    PeriodicTask task_;
};

}  // namespace freshet::tables
