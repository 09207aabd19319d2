// DeleteStream: removes the stream at once; its records are purged in the background by the
// trimmer (a marker under the stream's id), since the id is never reused.
#include <memory>

#include "streams/api/common.h"
#include "streams/errors.h"
#include "streams/store/keys.h"
#include "streams/store/stream_store.h"

namespace freshet::streams {

void delete_stream(StreamsService& svc, RequestContext& ctx, m::DeleteStreamInput in,
                   Reply<NoOutput> reply) {
    Caller c = caller_of(ctx);
    auto name = stream_name_of(c, in);
    if (!name.ok()) return reply(std::move(name).take_error());
    auto id = std::make_shared<uint64_t>(0);
    svc.db().committer().submit(
        [c, name = std::move(name).value(), id](storage::Txn& txn) -> Result<void> {
            auto s = store::load_stream(txn, c.account, c.region, name);
            if (!s) return errors::stream_not_found(name, c.account);
            *id = s->id;
            txn.del(storage::Cf::StreamMeta, keys::stream(c.account, c.region, name));
            for (const auto& sh : s->shards)
                txn.del(storage::Cf::StreamMeta, keys::counter(s->id, sh.index));
            txn.put(storage::Cf::StreamMeta, keys::deleted(s->id), "");
            return Ok{};
        },
        [&svc, id, reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            svc.forget_stream(*id);
            reply(NoOutput{});
        });
}

}  // namespace freshet::streams
