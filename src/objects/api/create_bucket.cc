// CreateBucket: the name rules, then one bucket per name across all accounts.
#include "objects/api/handlers.h"
#include "objects/model/rules.h"

namespace freshet::objects {

void create_bucket(ObjectsService& svc, RequestContext& ctx, m::CreateBucketRequest in,
                   Reply<m::CreateBucketOutput> reply) {
    if (!rules::valid_bucket_name(in.Bucket)) return reply(errors::invalid_bucket_name(in.Bucket));
    std::string region;
    if (in.CreateBucketConfiguration && in.CreateBucketConfiguration->LocationConstraint)
        region = *in.CreateBucketConfiguration->LocationConstraint;
    // us-east-1 is the absence of a constraint; naming it is an error on AWS.
    if (region == "us-east-1") return reply(errors::invalid_location_constraint());
    store::BucketRecord b{in.Bucket, ctx.principal.account_id, region, now_ms(ctx)};
    svc.db().committer().submit(
        [b](storage::Txn& txn) -> Result<void> {
            if (auto existing = store::load_bucket(txn, b.name)) {
                if (existing->account == b.account)
                    return errors::bucket_already_owned_by_you(b.name);
                return errors::bucket_already_exists(b.name);
            }
            store::save_bucket(txn, b);
            return Ok{};
        },
        [reply = std::move(reply), name = in.Bucket](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            m::CreateBucketOutput out;
            out.Location = "/" + name;
            reply(std::move(out));
        });
}

}  // namespace freshet::objects
