// ListStreams: every stream of every table (or of TableName), in table name order and, within
// a table, oldest first; disabled streams are listed until the sweeper drops them.
#include "storage/key_codec.h"
#include "tables/errors.h"
#include "tables/streams/common.h"

namespace freshet::tables {

namespace {

constexpr int64_t kMaxLimit = 100;

}  // namespace

Result<sm::ListStreamsOutput> list_streams(TableStreamsService& s, RequestContext&,
                                           const sm::ListStreamsInput& in) {
    FRESHET_CHECK(check_limit(in.Limit, kMaxLimit));
    const int64_t limit = in.Limit.value_or(kMaxLimit);
    std::optional<StreamArnParts> start;
    if (in.ExclusiveStartStreamArn) {
        start = parse_stream_arn(*in.ExclusiveStartStreamArn);
        if (!start) return invalid_stream_arn();
    }
    std::vector<TableMeta> tables;
    if (in.TableName) {
        auto t = load_table(s.db(), *in.TableName);
        if (!t) {
            return resource_not_found("Requested resource not found: Table: " + *in.TableName +
                                      " not found");
        }
        tables.push_back(std::move(*t));
    } else {
        auto it = s.db().iterate(storage::Cf::TableMeta, meta_lower(), meta_upper());
        for (it.seek_to_first(); it.valid(); it.next()) tables.push_back(decode_meta(it.value()));
    }
    sm::ListStreamsOutput out;
    out.Streams.emplace();
    for (const auto& t : tables) {
        for (const auto& st : t.streams) {
            // Labels are creation times, so (table, label) is the listing order.
            if (start && std::pair(t.name, st.label) <= std::pair(start->table, start->label))
                continue;
            if (static_cast<int64_t>(out.Streams->size()) == limit) {
                out.LastEvaluatedStreamArn = out.Streams->back().StreamArn;
                return out;
            }
            sm::Stream entry;
            entry.StreamArn = stream_arn(t, st);
            entry.TableName = t.name;
            entry.StreamLabel = st.label;
            out.Streams->push_back(std::move(entry));
        }
    }
    return out;
}

}  // namespace freshet::tables
