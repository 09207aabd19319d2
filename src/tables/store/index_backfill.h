// Backfill of a global secondary index created on an existing table (UpdateTable), as DynamoDB
// does it online: the index is CREATING (Backfilling) while the table's items are copied into
// it, then ACTIVE. Writes during the backfill maintain the index as usual (write_change), so
// every item is indexed once the backfill has passed it.
//
// The items are copied in chunks of kBackfillChunk, one committer entry each (a chunk is
// atomic, and other writes interleave between chunks); the done callback of a chunk submits
// the next, so no thread is needed. The last chunk sets the index ACTIVE in its own write.
//
// A backfill stops when its index or table is deleted, and when the committer refuses a chunk
// (the server is stopping, or its write queue is full); resume_backfills, called when the
// service starts, starts again from the first item every index still CREATING.
//
// Thread safety: may be called from any thread; chunks run on the commit thread.
#pragma once

#include <cstdint>
#include <string>

namespace freshet::storage {
class Db;
}  // namespace freshet::storage

namespace freshet::tables {

inline constexpr size_t kBackfillChunk = 500;

// Starts filling index `index_id` of the table named `table` whose id is `table_id`.
void start_backfill(storage::Db& db, std::string table, uint64_t table_id, uint64_t index_id);

// Starts the backfill of every index still CREATING (on service start, after a restart).
void resume_backfills(storage::Db& db);

}  // namespace freshet::tables
