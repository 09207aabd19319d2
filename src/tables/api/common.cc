#include "tables/api/common.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "storage/key_codec.h"
#include "tables/api/index_schema.h"
#include "tables/api/stream_spec.h"
#include "tables/errors.h"
#include "tables/expr/evaluate.h"
#include "tables/expr/parser.h"
#include "tables/expr/resolve.h"
#include "tables/expr/update.h"
#include "tables/store/item_codec.h"

namespace freshet::tables {

namespace {

constexpr size_t kMaxItemBytes = 400 * 1024;

bool well_formed_value_key(const std::string& key) {
    if (key.size() < 2 || key[0] != ':') return false;
    return std::all_of(key.begin() + 1, key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
}

bool given(const std::optional<std::string>* p) {
    return p && p->has_value();
}

// DynamoDB refuses placeholders that no expression of the request could use.
Result<void> check_placeholders_used(const ExpressionInputs& in) {
    const bool any = given(in.update) || given(in.condition) || given(in.key_condition) ||
                     given(in.filter) || given(in.projection);
    if (in.names && in.names->has_value() && !any) {
        return validation_error(
            "ExpressionAttributeNames can only be specified when using expressions");
    }
    if (in.values && in.values->has_value() && !given(in.update) && !given(in.condition) &&
        !given(in.key_condition) && !given(in.filter)) {
        std::vector<std::string> params;
        if (in.update) params.push_back("UpdateExpression");
        if (in.condition) params.push_back("ConditionExpression");
        if (in.key_condition) params.push_back("KeyConditionExpression");
        if (in.filter) params.push_back("FilterExpression");
        std::string list;
        for (const auto& p : params) list += (list.empty() ? "" : " and ") + p;
        return validation_error(
            "ExpressionAttributeValues can only be specified when using "
            "expressions: " +
            list + (params.size() > 1 ? " are" : " is") + " null");
    }
    return Ok{};
}

Result<Item> decode_values(const std::map<std::string, boost::json::value>& values) {
    if (values.empty()) return validation_error("ExpressionAttributeValues must not be empty");
    for (const auto& [key, _] : values) {
        if (!well_formed_value_key(key)) {
            return validation_error(
                "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key +
                "\"");
        }
    }
    Item out;
    for (const auto& [key, wire] : values) {
        auto v = decode_value(wire);
        if (!v.ok()) {
            return validation_error("ExpressionAttributeValues contains invalid value: " +
                                    v.error().message + " for key " + key);
        }
        out.emplace(key, std::move(v).value());
    }
    return out;
}

Result<std::optional<expr::Condition>> condition_of(const std::optional<std::string>* text,
                                                    std::string_view what, expr::Resolver& r) {
    if (!given(text)) return std::optional<expr::Condition>{};
    FRESHET_TRY(c, expr::parse_condition(**text, what));
    FRESHET_CHECK(r.resolve(c, what));
    FRESHET_CHECK(expr::check(c, what));
    return std::optional<expr::Condition>(std::move(c));
}

}  // namespace

Result<Expressions> compile_expressions(const ExpressionInputs& in) {
    FRESHET_CHECK(check_placeholders_used(in));
    const std::map<std::string, std::string>* names = nullptr;
    if (in.names && in.names->has_value()) {
        FRESHET_CHECK(expr::check_names(**in.names));
        names = &**in.names;
    }
    Item values;
    const bool has_values = in.values && in.values->has_value();
    if (has_values) {
        FRESHET_TRY(decoded, decode_values(**in.values));
        values = std::move(decoded);
    }
    expr::Resolver r(names, has_values ? &values : nullptr);
    Expressions out;
    if (given(in.update)) {
        FRESHET_TRY(u, expr::parse_update(**in.update));
        FRESHET_CHECK(r.resolve(u));
        FRESHET_CHECK(expr::check(u));
        out.update = std::move(u);
    }
    FRESHET_TRY(condition, condition_of(in.condition, "ConditionExpression", r));
    out.condition = std::move(condition);
    FRESHET_TRY(key_condition, condition_of(in.key_condition, "KeyConditionExpression", r));
    out.key_condition = std::move(key_condition);
    FRESHET_TRY(filter, condition_of(in.filter, "FilterExpression", r));
    out.filter = std::move(filter);
    if (given(in.projection)) {
        FRESHET_TRY(p, expr::parse_projection(**in.projection));
        FRESHET_CHECK(r.resolve(p));
        out.projection = std::move(p);
    }
    FRESHET_CHECK(r.check_unused());
    return out;
}

Result<std::optional<expr::Projection>> attributes_to_get(
    const std::optional<std::vector<std::string>>& names) {
    if (!names) return std::optional<expr::Projection>{};
    expr::Projection p;
    std::vector<std::string> seen;
    for (const auto& n : *names) {
        if (std::find(seen.begin(), seen.end(), n) != seen.end()) {
            return validation_error(
                "One or more parameter values were invalid: Duplicate value in attribute name: " +
                n);
        }
        seen.push_back(n);
        p.paths.push_back(expr::Path{{expr::PathPart{n}}});
    }
    return std::optional<expr::Projection>(std::move(p));
}

ApiError unsupported(std::string_view parameter) {
    return validation_error("Freshet does not support the parameter " + std::string(parameter) +
                            " yet");
}

m::TableDescription describe(TablesService& s, const TableMeta& t, bool counts) {
    m::TableDescription d;
    d.TableName = t.name;
    d.TableArn = t.arn;
    d.TableId = t.uuid;
    d.TableStatus = "ACTIVE";
    d.CreationDateTime = TimePoint(
        std::chrono::duration_cast<TimePoint::duration>(std::chrono::duration<double>(t.created)));
    d.AttributeDefinitions.emplace();
    for (const auto& [name, type] : t.attribute_definitions) {
        d.AttributeDefinitions->push_back(m::AttributeDefinition{name, type});
    }
    d.KeySchema.emplace();
    d.KeySchema->push_back(m::KeySchemaElement{t.hash.name, "HASH"});
    if (t.range) d.KeySchema->push_back(m::KeySchemaElement{t.range->name, "RANGE"});
    m::ProvisionedThroughputDescription pt;
    pt.NumberOfDecreasesToday = 0;
    pt.ReadCapacityUnits = t.read_capacity;
    pt.WriteCapacityUnits = t.write_capacity;
    d.ProvisionedThroughput = pt;
    if (t.billing_mode == "PAY_PER_REQUEST") {
        m::BillingModeSummary b;
        b.BillingMode = t.billing_mode;
        b.LastUpdateToPayPerRequestDateTime =
            TimePoint(std::chrono::duration_cast<TimePoint::duration>(
                std::chrono::duration<double>(t.billing_changed)));
        d.BillingModeSummary = b;
    }
    int64_t items = 0, bytes = 0;
    if (counts) {
        std::string prefix = table_prefix(t.id);
        auto it =
            s.db().iterate(storage::Cf::TableItems, prefix, storage::prefix_successor(prefix));
        for (it.seek_to_first(); it.valid(); it.next()) {
            ++items;
            bytes += static_cast<int64_t>(item_size(decode_stored_item(it.value())));
        }
    }
    d.ItemCount = items;
    d.TableSizeBytes = bytes;
    describe_indexes(s, t, counts, d);
    describe_streams(t, d);
    return d;
}

double write_units(size_t bytes) {
    return std::max(1.0, std::ceil(static_cast<double>(bytes) / 1024.0));
}

double read_units(size_t bytes, bool consistent) {
    double blocks = std::max(1.0, std::ceil(static_cast<double>(bytes) / 4096.0));
    return consistent ? blocks : blocks / 2;
}

std::optional<m::ConsumedCapacity> consumed(const std::optional<std::string>& mode,
                                            const std::string& table, double units, bool write) {
    if (!mode || *mode == "NONE") return std::nullopt;
    m::ConsumedCapacity c;
    c.TableName = table;
    c.CapacityUnits = units;
    if (write) {
        c.WriteCapacityUnits = units;
    } else {
        c.ReadCapacityUnits = units;
    }
    if (*mode == "INDEXES") c.Table = capacity_of(units, write);
    return c;
}

m::Capacity capacity_of(double units, bool write) {
    m::Capacity cap;
    cap.CapacityUnits = units;
    if (write) {
        cap.WriteCapacityUnits = units;
    } else {
        cap.ReadCapacityUnits = units;
    }
    return cap;
}

std::optional<std::vector<m::ConsumedCapacity>> consumed_per_table(
    const std::optional<std::string>& mode, const std::map<std::string, double>& units,
    bool write) {
    std::optional<std::vector<m::ConsumedCapacity>> out;
    for (const auto& [table, n] : units) {
        if (auto c = consumed(mode, table, n, write)) {
            if (!out) out.emplace();
            out->push_back(std::move(*c));
        }
    }
    return out;
}

Result<void> check_condition(const Expressions& ex, const std::optional<Item>& old) {
    const auto& c = ex.condition;
    if (!c || expr::evaluate(*c, old.value_or(Item{}))) return Ok{};
    ApiError e = conditional_check_failed();
    if (ex.old_on_failure && old) {
        e.json_members =
            boost::json::serialize(boost::json::object{{"Item", encode_item_object(*old)}});
    }
    return e;
}

Result<void> check_item_size(const Item& item) {
    if (item_size(item) > kMaxItemBytes) {
        return validation_error("Item size has exceeded the maximum allowed size");
    }
    return Ok{};
}

}  // namespace freshet::tables
