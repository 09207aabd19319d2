// StreamSweeper: table stream retention. Every `interval` it deletes, through the group
// committer, the records older than 24 hours (raising the stream's trim horizon with them),
// and drops the streams disabled more than 24 hours ago (their records, then their entry in
// the table's metadata). Deletes go in chunks of kBatch keys, each its own commit, so the
// sweep never holds up item writes behind one huge group.
//
// Thread safety: start/stop from the owner's thread; run_once from any thread but the commit
// thread.
#pragma once

#include <chrono>
#include <cstddef>

#include "core/clock.h"
#include "core/periodic.h"
#include "storage/db.h"

namespace freshet::tables {

struct TableMeta;
struct StreamDef;

class StreamSweeper {
  public:
    static constexpr size_t kBatch = 1000;

    StreamSweeper(storage::Db& db, const Clock& clock, std::chrono::milliseconds interval);
    ~StreamSweeper();  // stop()
    void start();
    void stop();
    // One pass; returns the number of records deleted.
    size_t run_once();

  private:
    size_t trim(const StreamDef& s, double cutoff);
    size_t drop(const TableMeta& t, const StreamDef& s);

    storage::Db& db_;
    const Clock& clock_;
    PeriodicTask task_;
};

}  // namespace freshet::tables
