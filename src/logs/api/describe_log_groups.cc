// DescribeLogGroups: the caller's groups in name order, filtered by logGroupNamePrefix and
// logGroupNamePattern (a case-insensitive substring), limit 1-50 (default 50), nextToken.
// logGroupIdentifiers selects groups by name or ARN. Cross-account members (accountIdentifiers,
// includeLinkedAccounts) and logGroupClass filtering are ignored: one account, one class.
#include <algorithm>
#include <cctype>

#include "logs/api/common.h"
#include "logs/errors.h"

namespace freshet::logs {

namespace {

constexpr size_t kMaxGroups = 50;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

bool selected(const store::GroupRecord& g, const m::DescribeLogGroupsRequest& in) {
    if (in.logGroupNamePattern &&
        lower(g.name).find(lower(*in.logGroupNamePattern)) == std::string::npos)
        return false;
    if (in.logGroupIdentifiers) {
        bool listed = false;
        for (const auto& id : *in.logGroupIdentifiers) {
            auto name = group_name_of(std::nullopt, id);
            listed = listed || (name.ok() && *name == g.name);
        }
        if (!listed) return false;
    }
    return true;
}

m::LogGroup describe_group(const store::GroupRecord& g) {
    m::LogGroup out;
    out.logGroupName = g.name;
    out.creationTime = g.created_ms;
    if (g.retention_days > 0) out.retentionInDays = g.retention_days;
    out.metricFilterCount = 0;
    out.arn = group_arn(g.region, g.account, g.name) + ":*";
    out.logGroupArn = group_arn(g.region, g.account, g.name);
    out.storedBytes = g.stored_bytes;
    out.logGroupClass = "STANDARD";
    return out;
}

}  // namespace

Result<m::DescribeLogGroupsResponse> describe_log_groups(LogsService& svc, RequestContext& ctx,
                                                         const m::DescribeLogGroupsRequest& in) {
    Caller c = caller_of(ctx);
    std::string after;
    if (in.nextToken) {
        auto t = parse_page_token("groups", *in.nextToken);
        if (!t) return errors::invalid_token();
        after = *t;
    }
    size_t limit = static_cast<size_t>(in.limit.value_or(kMaxGroups));
    std::string prefix = in.logGroupNamePrefix.value_or("");
    m::DescribeLogGroupsResponse out;
    out.logGroups.emplace();
    // Scan in pages so that filters on the pattern stay bounded in memory.
    while (out.logGroups->size() <= limit) {
        auto page = store::list_groups(svc.db(), c.account, c.region, prefix, after, 200);
        for (const auto& g : page) {
            after = g.name;
            if (!selected(g, in)) continue;
            if (out.logGroups->size() == limit) {
                out.nextToken = page_token("groups", out.logGroups->back().logGroupName.value());
                return out;
            }
            out.logGroups->push_back(describe_group(g));
        }
        if (page.size() < 200) break;
    }
    return out;
}

}  // namespace freshet::logs
