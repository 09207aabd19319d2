#include "tables/api/stream_spec.h"

#include "tables/errors.h"
#include "tables/store/stream_def.h"

namespace freshet::tables {

namespace {

// DynamoDB answers both operations with the UpdateTable wording (UpdateViewType).
Result<void> check_spec(const m::StreamSpecification& spec) {
    if (spec.StreamEnabled && !spec.StreamViewType) {
        return validation_error(
            "One or more parameter values were invalid: If stream is being enabled then "
            "UpdateViewType is required");
    }
    if (!spec.StreamEnabled && spec.StreamViewType) {
        return validation_error(
            "One or more parameter values were invalid: If stream is being disabled, then "
            "UpdateViewType must not be specified");
    }
    return Ok{};
}

void add_stream(TableMeta& t, const std::string& view_type, double now) {
    StreamDef s;
    s.view_type = view_type;
    s.created = now;
    // Labels name streams: one re-enabled within the same millisecond gets the next one.
    for (const auto& old : t.streams) {
        if (old.created >= s.created) s.created = old.created + 0.001;
    }
    s.label = stream_label(s.created);
    t.streams.push_back(std::move(s));
}

}  // namespace

Result<void> plan_stream(TableMeta& t, const std::optional<m::StreamSpecification>& spec,
                         double now) {
    if (!spec) return Ok{};
    FRESHET_CHECK(check_spec(*spec));
    if (spec->StreamEnabled) add_stream(t, *spec->StreamViewType, now);
    return Ok{};
}

void assign_stream_ids(storage::Txn& txn, TableMeta& t) {
    for (auto& s : t.streams) {
        if (s.id == 0) s.id = allocate_id(txn);
    }
}

Result<void> update_stream(storage::Txn& txn, TableMeta& t, const m::StreamSpecification& spec,
                           double now) {
    FRESHET_CHECK(check_spec(spec));
    if (spec.StreamEnabled) {
        if (t.enabled_stream()) {
            return validation_error("Table already has an enabled stream: TableName: " + t.name);
        }
        add_stream(t, *spec.StreamViewType, now);
        assign_stream_ids(txn, t);
        return Ok{};
    }
    if (!t.enabled_stream()) {
        return validation_error("Table has no stream to disable: TableName: " + t.name);
    }
    t.streams.back().enabled = false;
    t.streams.back().disabled = now;
    return Ok{};
}

void describe_streams(const TableMeta& t, m::TableDescription& d) {
    if (const StreamDef* s = t.enabled_stream()) {
        m::StreamSpecification spec;
        spec.StreamEnabled = true;
        spec.StreamViewType = s->view_type;
        d.StreamSpecification = spec;
    }
    if (!t.streams.empty()) {
        d.LatestStreamArn = stream_arn(t, t.streams.back());
        d.LatestStreamLabel = t.streams.back().label;
    }
}

}  // namespace freshet::tables
