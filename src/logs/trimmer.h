// Trimmer: the background task behind retention. Every `interval` it deletes, through the
// group committer, the events older than their group's retention (PutRetentionPolicy) and the
// events of deleted streams and groups (the delete actions remove only the records, so that
// they answer at once however much a stream holds). Deletes go in batches of kBatch keys so
// that one trim never makes a huge commit group. Reads hide expired events on their own, so
// how late the trimmer runs changes disk usage, never answers.
//
// Thread safety: start/stop from the owner's thread; run_once from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/periodic.h"
#include "storage/db.h"

namespace freshet::logs {

class Trimmer {
  public:
    static constexpr size_t kBatch = 1000;

    Trimmer(storage::Db& db, const Clock& clock, std::chrono::milliseconds interval);
    ~Trimmer();  // stop()
    void start();
    // Wakes the thread, lets the pass in progress finish, joins. Idempotent.
    void stop();
    // One pass; returns the number of events deleted.
    size_t run_once();

  private:
    size_t trim_expired();
    size_t purge_deleted();

    storage::Db& db_;
    const Clock& clock_;
    PeriodicTask task_;
};

}  // namespace freshet::logs
