#include "streams/api/common.h"

#include <memory>

#include "streams/errors.h"
#include "streams/model/sequence_number.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

Caller caller_of(const RequestContext& ctx) {
    return Caller{ctx.principal.account_id, ctx.region};
}

Result<Stream> find_stream(StreamsService& svc, const Caller& c, std::string_view name) {
    auto s = store::load_stream(svc.db(), c.account, c.region, name);
    if (!s) return errors::stream_not_found(name, c.account);
    return std::move(*s);
}

Result<std::string> resolve_stream_name(const Caller& c, const std::optional<std::string>& name,
                                        const std::optional<std::string>& arn) {
    if (name) return *name;
    if (!arn) {
        // Message not confirmed against AWS (see docs/compatibility/streams.md).
        return errors::invalid_argument("Either StreamName or StreamARN must be provided.");
    }
    // arn:aws:kinesis:<region>:<account>:stream/<name> (the model's pattern checked the shape).
    std::vector<std::string_view> parts;
    std::string_view rest = *arn;
    for (int i = 0; i < 5; ++i) {
        size_t colon = rest.find(':');
        if (colon == std::string_view::npos) break;
        parts.push_back(rest.substr(0, colon));
        rest.remove_prefix(colon + 1);
    }
    constexpr std::string_view kPrefix = "stream/";
    if (parts.size() != 5 || rest.substr(0, kPrefix.size()) != kPrefix)
        return errors::invalid_argument("Invalid StreamARN " + *arn + ".");
    std::string stream(rest.substr(kPrefix.size()));
    if (parts[3] != c.region || parts[4] != c.account)
        return errors::stream_not_found(stream, parts[4]);
    return stream;
}

void change_stream(StreamsService& svc, const Caller& c, std::string name, StreamChange change,
                   Reply<NoOutput> reply) {
    svc.db().committer().submit(
        [c, name, change = std::move(change)](storage::Txn& txn) -> Result<void> {
            auto s = store::load_stream(txn, c.account, c.region, name);
            if (!s) return errors::stream_not_found(name, c.account);
            FRESHET_CHECK(change(*s, txn));
            store::save_stream(txn, *s);
            return Ok{};
        },
        [reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            reply(NoOutput{});
        });
}

std::string starting_sequence(const Stream& s, const Shard& sh) {
    return format_sequence({s.id, sh.index, 0});
}

model::HashKeyRange describe_range(const HashRange& r) {
    return model::HashKeyRange{to_decimal(r.start), to_decimal(r.end)};
}

model::Shard describe_shard(const Stream& s, const Shard& sh) {
    model::Shard out;
    out.ShardId = shard_id(sh.index);
    if (sh.parent) out.ParentShardId = shard_id(*sh.parent);
    if (sh.adjacent_parent) out.AdjacentParentShardId = shard_id(*sh.adjacent_parent);
    out.HashKeyRange = describe_range(sh.range);
    out.SequenceNumberRange.StartingSequenceNumber = starting_sequence(s, sh);
    // A closed shard ends at its last record (at its start when it never held one).
    if (sh.closed_counter) {
        uint64_t last = *sh.closed_counter == 0 ? 0 : *sh.closed_counter - 1;
        out.SequenceNumberRange.EndingSequenceNumber = format_sequence({s.id, sh.index, last});
    }
    return out;
}

int64_t now_ms(const StreamsService& svc) {
    return epoch_millis(svc.clock().now());
}

}  // namespace freshet::streams
