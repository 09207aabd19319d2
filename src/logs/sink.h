// StoreSink: the LogSink (core/log_sink.h) the logs service hands to other modules. Each
// write() is one durable write through the committer that creates the log group and stream
// when missing and appends the events; PutLogEvents' batch rules do not apply (the service
// itself writes these logs, as Lambda does).
//
// Thread safety: write() and stop() from any thread; after stop() writes are dropped.
#pragma once

#include <atomic>

#include "core/clock.h"
#include "core/log_sink.h"
#include "storage/db.h"

namespace freshet::logs {

class StoreSink final : public LogSink {
  public:
    StoreSink(storage::Db& db, const Clock& clock) : db_(db), clock_(clock) {}
    void write(LogDestination destination, std::vector<LogEvent> events) override;
    void stop() { stopped_ = true; }

  private:
    storage::Db& db_;
    const Clock& clock_;
    std::atomic<bool> stopped_{false};
};

}  // namespace freshet::logs
