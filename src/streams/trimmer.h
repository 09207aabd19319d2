// Trimmer: the background task that enforces retention. Every `interval` it deletes, through
// the group committer, the records older than their stream's retention period, and the records
// of deleted streams (DeleteStream only removes the metadata, so that it answers at once
// whatever the stream holds). Deletes go in batches of kBatch keys so that one trim never
// makes a huge group.
//
// Thread safety: start/stop from one thread (the service's owner); run_once from any thread.
#pragma once

#include <chrono>
#include <cstddef>

#include "core/clock.h"
#include "core/periodic.h"
#include "storage/db.h"

namespace freshet::streams {

class Trimmer {
  public:
    static constexpr size_t kBatch = 1000;

    Trimmer(storage::Db& db, const Clock& clock, std::chrono::milliseconds interval);
    ~Trimmer();  // stop()
    void start();
    // Wakes the thread, waits for the pass in progress to finish, joins. Idempotent.
    void stop();
    // One pass; returns the number of records deleted.
    size_t run_once();

  private:
    size_t trim_expired();
    size_t purge_deleted();
    size_t delete_keys(std::vector<std::string> keys, std::string marker = {});

    storage::Db& db_;
    const Clock& clock_;
    PeriodicTask task_;
};

}  // namespace freshet::streams
