// DeleteObjects: up to 1,000 keys in one durable batch; a missing key counts as deleted.
// Quiet mode reports only errors.
#include "objects/api/handlers.h"

namespace freshet::objects {

void delete_objects(ObjectsService& svc, RequestContext& ctx, m::DeleteObjectsRequest in,
                    Reply<m::DeleteObjectsOutput> reply) {
    if (in.Delete.Objects.empty() || in.Delete.Objects.size() > 1000)
        return reply(errors::malformed_xml());
    auto keys = std::make_shared<std::vector<std::string>>();
    for (const auto& o : in.Delete.Objects) keys->push_back(o.Key);
    const bool quiet = in.Delete.Quiet.value_or(false);
    svc.db().committer().submit(
        [ctx, bucket = in.Bucket, keys](storage::Txn& txn) -> Result<void> {
            auto b = owned_bucket(txn, ctx, bucket);
            if (!b.ok()) return std::move(b).take_error();
            for (const auto& key : *keys) {
                if (auto o = store::load_object(txn, bucket, key)) store::delete_object(txn, *o);
            }
            return Ok{};
        },
        [reply = std::move(reply), keys, quiet](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            m::DeleteObjectsOutput out;
            if (!quiet) {
                out.Deleted.emplace();
                for (const auto& key : *keys) {
                    m::DeletedObject d;
                    d.Key = key;
                    out.Deleted->push_back(std::move(d));
                }
            }
            reply(std::move(out));
        });
}

}  // namespace freshet::objects
