// TagResource, UntagResource, ListTagsOfResource: tags live in the table's metadata, so they
// go away with the table.
#include "tables/api/common.h"
#include "tables/errors.h"

namespace freshet::tables {

namespace {

// arn:aws:dynamodb:<region>:<account>:table/<name>, as DynamoDB accepts it.
Result<std::string> table_of_arn(const std::string& arn) {
    const std::string prefix = "arn:aws:dynamodb:";
    auto slash = arn.find(":table/");
    if (arn.rfind(prefix, 0) != 0 || slash == std::string::npos || arn.size() - (slash + 7) < 3 ||
        arn.find('/', slash + 7) != std::string::npos) {
        return validation_error("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
    }
    return arn.substr(slash + 7);
}

using TagChange = std::function<void(TableMeta&)>;

void change_tags(TablesService& s, const std::string& arn, TagChange change,
                 Reply<NoOutput> reply) {
    auto name = table_of_arn(arn);
    if (!name.ok()) return reply(std::move(name).take_error());
    s.db().committer().submit(
        [name = name.value(), arn, change = std::move(change)](storage::Txn& txn) -> Result<void> {
            auto t = load_table(txn, name);
            if (!t || t->arn != arn) {
                return resource_not_found("Requested resource not found: ResourcArn: " + arn +
                                          " not found");
            }
            change(*t);
            txn.put(storage::Cf::TableMeta, meta_key(name), encode_meta(*t));
            return Ok{};
        },
        [reply = std::move(reply)](Result<void> r) {
            if (!r.ok()) return reply(std::move(r).take_error());
            reply(NoOutput{});
        });
}

}  // namespace

void tag_resource(TablesService& s, RequestContext&, m::TagResourceInput in,
                  Reply<NoOutput> reply) {
    if (in.Tags.empty())
        return reply(validation_error("Atleast one Tag needs to be provided as Input."));
    auto tags = in.Tags;
    change_tags(
        s, in.ResourceArn,
        [tags](TableMeta& t) {
            for (const auto& tag : tags) {
                auto it = std::find_if(t.tags.begin(), t.tags.end(),
                                       [&](const auto& p) { return p.first == tag.Key; });
                if (it != t.tags.end()) {
                    it->second = tag.Value;
                } else {
                    t.tags.emplace_back(tag.Key, tag.Value);
                }
            }
        },
        std::move(reply));
}

void untag_resource(TablesService& s, RequestContext&, m::UntagResourceInput in,
                    Reply<NoOutput> reply) {
    if (in.TagKeys.empty()) {
        return reply(validation_error("Atleast one Tag Key needs to be provided as Input."));
    }
    auto keys = in.TagKeys;
    change_tags(
        s, in.ResourceArn,
        [keys](TableMeta& t) {
            std::erase_if(t.tags, [&](const auto& p) {
                return std::find(keys.begin(), keys.end(), p.first) != keys.end();
            });
        },
        std::move(reply));
}

Result<m::ListTagsOfResourceOutput> list_tags_of_resource(TablesService& s, RequestContext&,
                                                          const m::ListTagsOfResourceInput& in) {
    FRESHET_TRY(name, table_of_arn(in.ResourceArn));
    auto t = load_table(s.db(), name);
    if (!t || t->arn != in.ResourceArn) {
        return resource_not_found("Requested resource not found: ResourcArn: " + in.ResourceArn +
                                  " not found");
    }
    m::ListTagsOfResourceOutput out;
    out.Tags.emplace();
    for (const auto& [k, v] : t->tags) out.Tags->push_back(m::Tag{k, v});
    return out;
}

}  // namespace freshet::tables
