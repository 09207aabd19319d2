// CloudWatch Logs (awsJson 1.1, X-Amz-Target Logs_20140328.*) on the embedded store.
//
// Groups, streams and events live in Cf::Logs (see store/log_store.h); every write goes
// through the group committer and is acknowledged once durable. Retention is applied twice:
// reads hide events older than the group's retention, and the trimmer deletes them (and the
// events of deleted streams and groups) in the background. See README.md and
// docs/compatibility/logs.md.
//
// sink() is how other modules (functions) write logs without knowing this module: one durable
// write per call, creating the group and stream on first use.
//
// Thread safety: handlers run concurrently on the IO threads; stop() ends the trimmer and
// makes the sink drop further writes.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "core/log_sink.h"
#include "core/service.h"
#include "logs/cloudwatch_logs.gen.h"
#include "logs/trimmer.h"
#include "storage/db.h"

namespace freshet::logs {

struct LogsOptions {
    const Clock* clock = &system_clock();
    std::chrono::milliseconds trim_interval{60'000};
    bool start_trimmer = true;
};

class LogsService final : public Service {
  public:
    explicit LogsService(storage::Db& db, LogsOptions options = {});
    ~LogsService() override;

    const shape::ServiceModel& model() const override { return model::service_model(); }
    const Action* find_action(std::string_view name) const override { return actions_.find(name); }
    const ErrorDialect& dialect() const override { return dialect_; }
    void stop() override;

    storage::Db& db() { return db_; }
    const Clock& clock() const { return *options_.clock; }
    Trimmer& trimmer() { return trimmer_; }
    std::shared_ptr<LogSink> sink() { return sink_; }

  private:
    void add_group_actions();
    void add_stream_actions();
    void add_event_actions();

    storage::Db& db_;
    LogsOptions options_;
    Trimmer trimmer_;
    std::shared_ptr<LogSink> sink_;
    ActionTable actions_;
    ErrorDialect dialect_;
};

}  // namespace freshet::logs
