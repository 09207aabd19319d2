// TableStreamsService: the DynamoDB Streams API (awsJson 1.0, X-Amz-Target
// DynamoDBStreams_20120810.*, signed for "dynamodb"): ListStreams, DescribeStream,
// GetShardIterator and GetRecords over the records that item writes append to their table's
// stream (store/stream_log.h). Each stream has one shard, open while the stream is enabled.
// Its sweeper trims records older than 24 hours and drops streams 24 hours after they were
// disabled.
//
// Thread safety: handlers run on any IO thread and only read storage; the sweeper writes
// through the committer in bounded chunks. stop() ends the sweeper.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/service.h"
#include "storage/db.h"
#include "tables/dynamodbstreams.gen.h"
#include "tables/streams/sweeper.h"

namespace freshet::tables {

struct TableStreamsOptions {
    const Clock* clock = &system_clock();
    std::chrono::milliseconds sweep_interval{60'000};
    bool start_sweeper = true;
};

// Iterators expire 15 minutes after GetShardIterator or GetRecords made them.
inline constexpr int64_t kTableIteratorTtlMs = 15 * 60 * 1000;

class TableStreamsService final : public Service {
  public:
    // Loads (or creates, on first use) the secret that signs iterators; fails only when
    // storage does.
    static Result<std::shared_ptr<TableStreamsService>> open(storage::Db& db,
                                                             TableStreamsOptions options = {});
    ~TableStreamsService() override;

    const shape::ServiceModel& model() const override { return ddbstreams::model::service_model(); }
    const Action* find_action(std::string_view name) const override { return actions_.find(name); }
    const ErrorDialect& dialect() const override { return dialect_; }
    void stop() override;

    storage::Db& db() { return db_; }
    const std::string& secret() const { return secret_; }
    const Clock& clock() const { return *options_.clock; }
    StreamSweeper& sweeper() { return sweeper_; }

  private:
    TableStreamsService(storage::Db& db, TableStreamsOptions options, std::string secret);

    storage::Db& db_;
    TableStreamsOptions options_;
    std::string secret_;
    StreamSweeper sweeper_;
    ActionTable actions_;
    ErrorDialect dialect_;
};

namespace sm = ddbstreams::model;

Result<sm::ListStreamsOutput> list_streams(TableStreamsService& s, RequestContext& ctx,
                                           const sm::ListStreamsInput& in);
Result<sm::DescribeStreamOutput> describe_stream(TableStreamsService& s, RequestContext& ctx,
                                                 const sm::DescribeStreamInput& in);
Result<sm::GetShardIteratorOutput> get_shard_iterator(TableStreamsService& s, RequestContext& ctx,
                                                      const sm::GetShardIteratorInput& in);
Result<sm::GetRecordsOutput> get_records(TableStreamsService& s, RequestContext& ctx,
                                         const sm::GetRecordsInput& in);

}  // namespace freshet::tables
