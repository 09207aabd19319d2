// PutRetentionPolicy: sets how many days the group keeps events, one of AWS's values.
// Retention applies at once to reads; the trimmer deletes expired events later.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <array>

#include "logs/api/common.h"
#include "logs/errors.h"

namespace freshet::logs {

namespace {

// The values AWS accepts (CloudWatch Logs API reference, PutRetentionPolicy).
constexpr std::array<int64_t, 22> kRetentionDays{1,    3,    5,    7,    14,   30,  60,  90,
                                                 120,  150,  180,  365,  400,  545, 731, 1096,
                                                 1827, 2192, 2557, 2922, 3288, 3653};

}  // namespace

void put_retention_policy(LogsService& svc, RequestContext& ctx, m::PutRetentionPolicyRequest in,
                          Reply<NoOutput> reply) {
    if (std::find(kRetentionDays.begin(), kRetentionDays.end(), in.retentionInDays) ==
        kRetentionDays.end()) {
        return reply(errors::invalid_parameter(fmt::format(
            "1 validation error detected: Value '{}' at 'retentionInDays' failed to satisfy "
            "constraint: Member must satisfy enum value set: [{}]",
            in.retentionInDays, fmt::join(kRetentionDays, ", "))));
    }
    set_retention(svc, ctx, in.logGroupName, in.retentionInDays, std::move(reply));
}

void set_retention(LogsService& svc, const RequestContext& ctx, std::string group, int64_t days,
                   Reply<NoOutput> reply) {
    Caller c = caller_of(ctx);
    svc.db().committer().submit(
        [c, group = std::move(group), days](storage::Txn& txn) -> Result<void> {
            auto g = store::load_group(txn, c.account, c.region, group);
            if (!g) return errors::group_not_found();
            g->retention_days = days;
            store::save_group(txn, *g);
            return Ok{};
        },
        [reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            reply(NoOutput{});
        });
}

}  // namespace freshet::logs
