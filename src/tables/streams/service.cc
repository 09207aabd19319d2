#include "tables/streams/service.h"

#include "core/crypto.h"
#include "tables/errors.h"
#include "tables/streams/shard_iterator.h"

namespace freshet::tables {

namespace {

constexpr std::string_view kSecretKey = "tables/stream-iterator-secret";

// The secret that signs shard iterators: made once per installation, kept in Cf::System.
Result<std::string> load_secret(storage::Db& db) {
    if (auto v = db.get(storage::Cf::System, kSecretKey)) return *v;
    std::string fresh = crypto::random_bytes(32);
    std::string secret;
    FRESHET_CHECK(db.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        auto existing = txn.get(storage::Cf::System, kSecretKey);
        secret = existing ? *existing : fresh;
        if (!existing) txn.put(storage::Cf::System, kSecretKey, fresh);
        return Ok{};
    }));
    return secret;
}

template <class In>
std::string by_stream_arn(const RequestContext&, const In& in) {
    return in.StreamArn;
}

// GetRecords is authorized on the stream its iterator names.
std::string by_iterator(const RequestContext&, const sm::GetRecordsInput& in) {
    std::string arn = iterator_stream_arn(in.ShardIterator);
    return arn.empty() ? "*" : arn;
}

}  // namespace

Result<std::shared_ptr<TableStreamsService>> TableStreamsService::open(
    storage::Db& db, TableStreamsOptions options) {
    FRESHET_TRY(secret, load_secret(db));
    std::shared_ptr<TableStreamsService> svc(
        new TableStreamsService(db, options, std::move(secret)));
    if (options.start_sweeper) svc->sweeper_.start();
    return svc;
}

TableStreamsService::TableStreamsService(storage::Db& db, TableStreamsOptions options,
                                         std::string secret)
    : db_(db),
      options_(options),
      secret_(std::move(secret)),
      sweeper_(db, *options.clock, options.sweep_interval) {
    // DynamoDB Streams answers in DynamoDB's dialect (Coral's namespaced types).
    dialect_.validation_code = std::string(kValidationType);
    dialect_.serialization_code = "com.amazon.coral.service#SerializationException";
    dialect_.unknown_operation_code = "com.amazon.coral.service#UnknownOperationException";
    actions_.add(action<sm::ListStreamsInput>(
        "ListStreams", "dynamodb:ListStreams",
        [this](RequestContext& ctx, const sm::ListStreamsInput& in) {
            return list_streams(*this, ctx, in);
        },
        &any_resource<sm::ListStreamsInput>));
    actions_.add(action<sm::DescribeStreamInput>(
        "DescribeStream", "dynamodb:DescribeStream",
        [this](RequestContext& ctx, const sm::DescribeStreamInput& in) {
            return describe_stream(*this, ctx, in);
        },
        &by_stream_arn<sm::DescribeStreamInput>));
    actions_.add(action<sm::GetShardIteratorInput>(
        "GetShardIterator", "dynamodb:GetShardIterator",
        [this](RequestContext& ctx, const sm::GetShardIteratorInput& in) {
            return get_shard_iterator(*this, ctx, in);
        },
        &by_stream_arn<sm::GetShardIteratorInput>));
    actions_.add(action<sm::GetRecordsInput>(
        "GetRecords", "dynamodb:GetRecords",
        [this](RequestContext& ctx, const sm::GetRecordsInput& in) {
            return get_records(*this, ctx, in);
        },
        &by_iterator));
}

TableStreamsService::~TableStreamsService() {
    stop();
}

void TableStreamsService::stop() {
    sweeper_.stop();
}

}  // namespace freshet::tables
