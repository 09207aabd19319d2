#include "streams/service.h"

#include <fmt/format.h>

#include "core/crypto.h"
#include "streams/api/handlers.h"
#include "streams/model/shard_iterator.h"
#include "streams/store/keys.h"

namespace freshet::streams {

namespace {

template <class In>
using ResourceFn = std::function<std::string(const RequestContext&, const In&)>;

std::string stream_arn(const RequestContext& ctx, std::string_view name) {
    return fmt::format("arn:aws:kinesis:{}:{}:stream/{}", ctx.region, ctx.principal.account_id,
                       name);
}

// The stream's ARN, from StreamName or as given in StreamARN.
template <class In>
ResourceFn<In> on_stream() {
    return [](const RequestContext& ctx, const In& in) -> std::string {
        if constexpr (requires { in.StreamARN; }) {
            if (!in.StreamName) return in.StreamARN.value_or("*");
            return stream_arn(ctx, *in.StreamName);
        } else {
            return stream_arn(ctx, in.StreamName);
        }
    };
}

template <class In, class Out>
Action sync(StreamsService* svc, const char* name,
            Result<Out> (*fn)(StreamsService&, RequestContext&, const In&),
            ResourceFn<In> resource = on_stream<In>()) {
    return action<In>(
        name, std::string("kinesis:") + name,
        [svc, fn](RequestContext& ctx, const In& in) { return fn(*svc, ctx, in); },
        std::move(resource));
}

template <class In, class Out>
Action async(StreamsService* svc, const char* name,
             void (*fn)(StreamsService&, RequestContext&, In, Reply<Out>)) {
    return async_action<In, Out>(
        name, std::string("kinesis:") + name,
        [svc, fn](RequestContext& ctx, In in, Reply<Out> reply) {
            fn(*svc, ctx, std::move(in), std::move(reply));
        },
        on_stream<In>());
}

// The secret that signs shard iterators: made once per installation, kept in Cf::System.
Result<std::string> load_secret(storage::Db& db) {
    if (auto v = db.get(storage::Cf::System, keys::kIteratorSecret)) return *v;
    std::string fresh = crypto::random_bytes(32);
    std::string secret;
    FRESHET_CHECK(db.committer().commit_sync([&](storage::Txn& txn) -> Result<void> {
        auto existing = txn.get(storage::Cf::System, keys::kIteratorSecret);
        secret = existing ? *existing : fresh;
        if (!existing) txn.put(storage::Cf::System, keys::kIteratorSecret, fresh);
        return Ok{};
    }));
    return secret;
}

}  // namespace

boost::json::value to_json(const NoOutput&) {
    return boost::json::object();
}

Result<std::shared_ptr<StreamsService>> StreamsService::open(storage::Db& db,
                                                             StreamsOptions options) {
    FRESHET_TRY(secret, load_secret(db));
    std::shared_ptr<StreamsService> svc(new StreamsService(db, options, std::move(secret)));
    if (options.start_trimmer) svc->trimmer_.start();
    return svc;
}

StreamsService::StreamsService(storage::Db& db, StreamsOptions options, std::string secret)
    : db_(db),
      options_(options),
      secret_(std::move(secret)),
      trimmer_(db, *options.clock, options.trim_interval) {
    // Kinesis sends {"message": ...} for ValidationException but {"Message": ...} for
    // SerializationException: the dialect's defaults. An empty body is a SerializationException
    // (kinesalite's recording of AWS), not an empty input.
    dialect_.empty_json_body_is_empty_object = false;
    add_stream_actions();
    add_record_actions();
    add_shard_actions();
}

StreamsService::~StreamsService() {
    stop();
}

void StreamsService::stop() {
    trimmer_.stop();
}

void StreamsService::add_stream_actions() {
    actions_.add(async(this, "CreateStream", &create_stream));
    actions_.add(async(this, "DeleteStream", &delete_stream));
    actions_.add(sync(this, "DescribeStream", &describe_stream));
    actions_.add(sync(this, "DescribeStreamSummary", &describe_stream_summary));
    actions_.add(sync(this, "ListStreams", &list_streams,
                      ResourceFn<model::ListStreamsInput>(&any_resource<model::ListStreamsInput>)));
    actions_.add(
        sync(this, "DescribeLimits", &describe_limits,
             ResourceFn<model::DescribeLimitsInput>(&any_resource<model::DescribeLimitsInput>)));
    actions_.add(async(this, "AddTagsToStream", &add_tags_to_stream));
    actions_.add(async(this, "RemoveTagsFromStream", &remove_tags_from_stream));
    actions_.add(sync(this, "ListTagsForStream", &list_tags_for_stream));
    actions_.add(async(this, "IncreaseStreamRetentionPeriod", &increase_stream_retention_period));
    actions_.add(async(this, "DecreaseStreamRetentionPeriod", &decrease_stream_retention_period));
}

void StreamsService::add_record_actions() {
    actions_.add(async(this, "PutRecord", &put_record));
    actions_.add(async(this, "PutRecords", &put_records));
    actions_.add(sync(this, "GetShardIterator", &get_shard_iterator));
    // GetRecords names its stream only inside the iterator.
    actions_.add(sync(this, "GetRecords", &get_records,
                      ResourceFn<model::GetRecordsInput>(
                          [this](const RequestContext& ctx, const model::GetRecordsInput& in) {
                              auto it = decode_iterator(secret_, in.ShardIterator);
                              return it ? stream_arn(ctx, it->stream_name) : std::string("*");
                          })));
}

void StreamsService::add_shard_actions() {
    actions_.add(sync(this, "ListShards", &list_shards));
    actions_.add(async(this, "SplitShard", &split_shard));
    actions_.add(async(this, "MergeShards", &merge_shards));
    actions_.add(async(this, "UpdateShardCount", &update_shard_count));
}

}  // namespace freshet::streams
