#include "mappings/engine/filter.h"

#include <boost/json.hpp>

#include "core/encoding.h"

namespace freshet::mappings {

namespace json = boost::json;

namespace {

ApiError invalid() {
    return ApiError{"InvalidParameterValueException", "Invalid filter pattern definition.", 400,
                    true, true};
}

bool is_operator(const json::object& o) {
    static const char* names[] = {
        "prefix", "suffix", "equals-ignore-case", "anything-but", "numeric", "exists", "wildcard"};
    if (o.size() != 1) return false;
    for (const char* n : names)
        if (o.contains(n)) return true;
    return false;
}

// Checks a pattern object: every value is a nested pattern or a non-empty array of matchers.
bool valid(const json::object& pattern) {
    for (const auto& kv : pattern) {
        if (kv.value().is_object()) {
            if (!valid(kv.value().as_object())) return false;
            continue;
        }
        if (!kv.value().is_array() || kv.value().as_array().empty()) return false;
        for (const auto& m : kv.value().as_array()) {
            if (m.is_object()) {
                if (!is_operator(m.as_object())) return false;
            } else if (m.is_array()) {
                return false;
            }
        }
    }
    return true;
}

std::optional<double> number(const json::value& v) {
    if (v.is_int64()) return static_cast<double>(v.as_int64());
    if (v.is_uint64()) return static_cast<double>(v.as_uint64());
    if (v.is_double()) return v.as_double();
    return std::nullopt;
}

bool literal_equal(const json::value& a, const json::value& b) {
    auto na = number(a), nb = number(b);
    if (na && nb) return *na == *nb;
    return a == b;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool numeric_match(const json::array& spec, const json::value& v) {
    auto x = number(v);
    if (!x) return false;
    for (size_t i = 0; i + 1 < spec.size(); i += 2) {
        if (!spec[i].is_string()) return false;
        auto bound = number(spec[i + 1]);
        if (!bound) return false;
        std::string_view op = spec[i].as_string();
        bool ok = op == "="    ? *x == *bound
                  : op == "<"  ? *x < *bound
                  : op == "<=" ? *x <= *bound
                  : op == ">"  ? *x > *bound
                  : op == ">=" ? *x >= *bound
                               : false;
        if (!ok) return false;
    }
    return true;
}

// One matcher against one (non-array) value.
bool match_one(const json::value& matcher, const json::value& v) {
    if (!matcher.is_object()) return literal_equal(matcher, v);
    const auto& op = *matcher.as_object().begin();
    const json::value& arg = op.value();
    if (op.key() == "prefix") {
        if (arg.is_string()) return v.is_string() && v.as_string().starts_with(arg.as_string());
        if (const auto* o = arg.if_object(); o && o->contains("equals-ignore-case"))
            return v.is_string() &&
                   v.as_string().size() >= o->at("equals-ignore-case").as_string().size() &&
                   ascii_iequals(std::string_view(v.as_string())
                                     .substr(0, o->at("equals-ignore-case").as_string().size()),
                                 o->at("equals-ignore-case").as_string());
        return false;
    }
    if (op.key() == "suffix")
        return arg.is_string() && v.is_string() && ends_with(v.as_string(), arg.as_string());
    if (op.key() == "equals-ignore-case")
        return arg.is_string() && v.is_string() && ascii_iequals(v.as_string(), arg.as_string());
    if (op.key() == "numeric") return arg.is_array() && numeric_match(arg.as_array(), v);
    if (op.key() == "anything-but") {
        if (arg.is_array()) {
            for (const auto& a : arg.as_array())
                if (literal_equal(a, v)) return false;
            return true;
        }
        if (arg.is_object()) return !match_one(arg, v);
        return !literal_equal(arg, v);
    }
    return false;  // wildcard and the rest: never match (documented)
}

bool match_field(const json::array& matchers, const json::value* v) {
    for (const auto& m : matchers) {
        if (m.is_object() && m.as_object().contains("exists")) {
            bool want =
                m.as_object().at("exists").is_bool() && m.as_object().at("exists").as_bool();
            if ((v != nullptr) == want) return true;
            continue;
        }
        if (!v) continue;
        if (v->is_array()) {
            for (const auto& e : v->as_array())
                if (match_one(m, e)) return true;
        } else if (match_one(m, *v)) {
            return true;
        }
    }
    return false;
}

bool match_object(const json::object& pattern, const json::value* event) {
    const json::object* o = event ? event->if_object() : nullptr;
    for (const auto& kv : pattern) {
        const json::value* v = o ? o->if_contains(kv.key()) : nullptr;
        if (kv.value().is_object()) {
            if (!match_object(kv.value().as_object(), v)) return false;
        } else if (!match_field(kv.value().as_array(), v)) {
            return false;
        }
    }
    return true;
}

}  // namespace

Result<Filter> Filter::parse(const std::string& pattern) {
    boost::system::error_code ec;
    json::value v = json::parse(pattern, ec);
    if (ec || !v.is_object() || !valid(v.as_object())) return invalid();
    Filter f;
    f.pattern_ = std::move(v.as_object());
    return f;
}

bool Filter::matches(const json::value& event) const {
    return match_object(pattern_, &event);
}

json::value filter_view(const StreamRecord& r) {
    // A table stream's record is matched as it is ({"eventName": ..., "dynamodb": {...}}).
    if (!r.document.empty()) {
        boost::system::error_code ec;
        json::value doc = json::parse(r.document, ec);
        return ec ? json::value(json::object()) : doc;
    }
    json::object o{{"kinesisSchemaVersion", "1.0"},
                   {"partitionKey", r.partition_key},
                   {"sequenceNumber", r.sequence_number},
                   {"approximateArrivalTimestamp", static_cast<double>(r.arrival_ms) / 1000.0}};
    auto bytes = base64_decode(r.data_base64);
    if (bytes) {
        boost::system::error_code ec;
        json::value data = json::parse(*bytes, ec);
        if (!ec) o["data"] = std::move(data);
    }
    return o;
}

bool keep(const std::vector<Filter>& filters, const StreamRecord& r) {
    if (filters.empty()) return true;
    json::value view = filter_view(r);
    for (const auto& f : filters)
        if (f.matches(view)) return true;
    return false;
}

}  // namespace freshet::mappings
