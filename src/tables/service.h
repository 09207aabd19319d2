// TablesService: the DynamoDB API (awsJson 1.0, X-Amz-Target DynamoDB_20120810.*).
//
// Tables live in Cf::TableMeta, items in Cf::TableItems (see store/). Reads go straight to
// storage; every write is one group-committer entry whose write function reads, checks and
// writes, so conditional writes are atomic. Errors are DynamoDB's, with its `__type`
// namespaces (see errors.h).
//
// Thread safety: handlers run on any IO thread; the service's only mutable state is its item
// counters for GET /metrics (atomics, see metrics.cc) and the time-to-live sweeper's thread
// (start_ttl_sweeper, stop).
#pragma once

#include <chrono>
#include <memory>

#include "core/service.h"
#include "storage/db.h"
#include "tables/dynamodb.gen.h"
#include "tables/store/item_writer.h"
#include "tables/store/table_meta.h"

namespace freshet::tables {

class TtlSweeper;

class TablesService final : public Service {
  public:
    explicit TablesService(storage::Db& db);
    ~TablesService() override;
    const shape::ServiceModel& model() const override { return model::service_model(); }
    const Action* find_action(std::string_view name) const override { return actions_.find(name); }
    const ErrorDialect& dialect() const override { return dialect_; }

    storage::Db& db() { return db_; }

    // Table streams: `listener` hears a stream's ARN once each write that appended records
    // to it is durable, just before it is acknowledged (on the commit thread: it must only post
    // work elsewhere). Set it before the server serves requests; cheap when unset (nothing is
    // called).
    void set_stream_listener(StreamListener listener) {
        listener_ = std::make_shared<const StreamListener>(std::move(listener));
    }
    // Who a request's item changes come from, for write_change (with the stream listener).
    ChangeOrigin change_origin(const RequestContext& ctx) const {
        return ChangeOrigin{false, epoch_seconds(ctx.clock->now()), listener_.get()};
    }

    // Items per table id for GET /metrics: written by PutItem, UpdateItem, DeleteItem and
    // BatchWriteItem (one per successful request or batch entry), returned by GetItem,
    // BatchGetItem, Query and Scan (Count: the items that matched). Failures count nothing.
    void count_writes(uint64_t table_id, uint64_t items) { items_.add(table_id, {items, 0}); }
    void count_reads(uint64_t table_id, uint64_t items) { items_.add(table_id, {0, items}); }
    // A deleted table's series disappear (its id is never reused).
    void forget_table(uint64_t table_id) {
        items_.erase(table_id);
        ttl_deleted_.erase(table_id);
    }
    void write_metrics(MetricsWriter& w) const override;

    // Starts the time-to-live sweeper (ttl_sweeper.h), every `period`; stop() ends it.
    void start_ttl_sweeper(std::chrono::milliseconds period, const Clock& clock = system_clock());
    void stop() override;

  private:
    void add_table_actions();
    void add_item_actions();
    void add_read_actions();
    void add_misc_actions();
    void add_transaction_actions();  // service_transact.cc: transactions and time to live

    storage::Db& db_;
    std::shared_ptr<const StreamListener> listener_;
    CounterTable<2> items_;        // written, read
    CounterTable<1> ttl_deleted_;  // items the sweeper deleted
    std::unique_ptr<TtlSweeper> sweeper_;
    ActionTable actions_;
    ErrorDialect dialect_;
};

// arn:aws:dynamodb:<region>:<account>:table/<name>
std::string table_arn(const RequestContext& ctx, std::string_view name);

// The table, or ResourceNotFoundException "Requested resource not found".
Result<TableMeta> require_table(TablesService& s, std::string_view name);

namespace m = model;

// The output of actions that answer an empty JSON object (TagResource, UntagResource).

// Handlers, one file each under api/.
void create_table(TablesService& s, RequestContext& ctx, m::CreateTableInput in,
                  Reply<m::CreateTableOutput> reply);
Result<m::DescribeTableOutput> describe_table(TablesService& s, RequestContext& ctx,
                                              const m::DescribeTableInput& in);
Result<m::ListTablesOutput> list_tables(TablesService& s, RequestContext& ctx,
                                        const m::ListTablesInput& in);
void delete_table(TablesService& s, RequestContext& ctx, m::DeleteTableInput in,
                  Reply<m::DeleteTableOutput> reply);
void update_table(TablesService& s, RequestContext& ctx, m::UpdateTableInput in,
                  Reply<m::UpdateTableOutput> reply);
void put_item(TablesService& s, RequestContext& ctx, m::PutItemInput in,
              Reply<m::PutItemOutput> reply);
Result<m::GetItemOutput> get_item(TablesService& s, RequestContext& ctx, const m::GetItemInput& in);
void delete_item(TablesService& s, RequestContext& ctx, m::DeleteItemInput in,
                 Reply<m::DeleteItemOutput> reply);
void update_item(TablesService& s, RequestContext& ctx, m::UpdateItemInput in,
                 Reply<m::UpdateItemOutput> reply);
void batch_write_item(TablesService& s, RequestContext& ctx, m::BatchWriteItemInput in,
                      Reply<m::BatchWriteItemOutput> reply);
Result<m::BatchGetItemOutput> batch_get_item(TablesService& s, RequestContext& ctx,
                                             const m::BatchGetItemInput& in);
Result<m::ScanOutput> scan(TablesService& s, RequestContext& ctx, const m::ScanInput& in);
Result<m::QueryOutput> query(TablesService& s, RequestContext& ctx, const m::QueryInput& in);
void tag_resource(TablesService& s, RequestContext& ctx, m::TagResourceInput in,
                  Reply<NoOutput> reply);
void untag_resource(TablesService& s, RequestContext& ctx, m::UntagResourceInput in,
                    Reply<NoOutput> reply);
Result<m::ListTagsOfResourceOutput> list_tags_of_resource(TablesService& s, RequestContext& ctx,
                                                          const m::ListTagsOfResourceInput& in);
Result<m::DescribeEndpointsResponse> describe_endpoints(TablesService& s, RequestContext& ctx,
                                                        const m::DescribeEndpointsRequest& in);
Result<m::DescribeLimitsOutput> describe_limits(TablesService& s, RequestContext& ctx,
                                                const m::DescribeLimitsInput& in);
void transact_write_items(TablesService& s, RequestContext& ctx, m::TransactWriteItemsInput in,
                          Reply<m::TransactWriteItemsOutput> reply);
void transact_get_items(TablesService& s, RequestContext& ctx, m::TransactGetItemsInput in,
                        Reply<m::TransactGetItemsOutput> reply);
void update_time_to_live(TablesService& s, RequestContext& ctx, m::UpdateTimeToLiveInput in,
                         Reply<m::UpdateTimeToLiveOutput> reply);
Result<m::DescribeTimeToLiveOutput> describe_time_to_live(TablesService& s, RequestContext& ctx,
                                                          const m::DescribeTimeToLiveInput& in);

}  // namespace freshet::tables
