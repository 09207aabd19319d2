#include "http/protocols/query_protocol.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <optional>

#include "core/clock.h"
#include "core/encoding.h"
#include "http/protocols/xml_writer.h"

namespace freshet::http {
namespace {

namespace json = boost::json;
using shape::Member;
using shape::ServiceModel;
using shape::Shape;
using shape::Type;

// Parameters as a tree split on '.': "Tags.member.1.Key" -> Tags / member / 1 / Key.
struct Node {
    std::optional<std::string> value;
    std::map<std::string, Node, std::less<>> children;
    const Node* child(std::string_view name) const {
        auto it = children.find(name);
        return it == children.end() ? nullptr : &it->second;
    }
};

Node build_tree(const FormParams& params) {
    Node root;
    for (const auto& [name, value] : params) {
        Node* n = &root;
        size_t start = 0;
        while (true) {
            size_t dot = name.find('.', start);
            n = &n->children[name.substr(start, dot - start)];
            if (dot == std::string::npos) break;
            start = dot + 1;
        }
        n->value = value;
    }
    return root;
}

// Children named 1, 2, 3... in numeric order.
std::vector<const Node*> numbered(const Node& n) {
    std::vector<std::pair<long, const Node*>> items;
    for (const auto& [k, v] : n.children) {
        char* end = nullptr;
        long i = std::strtol(k.c_str(), &end, 10);
        if (!k.empty() && *end == '\0' && i > 0) items.emplace_back(i, &v);
    }
    std::sort(items.begin(), items.end());
    std::vector<const Node*> out;
    for (auto& [i, n] : items) out.push_back(n);
    return out;
}

}  // namespace

json::value scalar_from_text(const Shape& s, const std::string& text) {
    char* end = nullptr;
    switch (s.type) {
        case Type::Integer:
        case Type::Long: {
            long long v = std::strtoll(text.c_str(), &end, 10);
            if (!text.empty() && *end == '\0') return json::value(static_cast<int64_t>(v));
            return json::value(text);
        }
        case Type::Double:
        case Type::Float: {
            double v = std::strtod(text.c_str(), &end);
            if (!text.empty() && *end == '\0') return json::value(v);
            return json::value(text);
        }
        case Type::Boolean:
            if (text == "true") return json::value(true);
            if (text == "false") return json::value(false);
            return json::value(text);
        case Type::Timestamp:
            if (auto t = parse_iso8601(text)) return json::value(epoch_seconds(*t));
            return json::value(text);
        default:
            return json::value(text);
    }
}

namespace {

json::value decode(const ServiceModel& m, uint16_t index, const Node& n, bool flattened);

json::value decode_list(const ServiceModel& m, const Shape& s, const Node& n, bool flattened) {
    json::array out;
    const Node* items = flattened ? &n : n.child(s.member_name);
    if (items) {
        for (const Node* item : numbered(*items)) out.push_back(decode(m, s.member, *item, false));
    }
    return out;
}

json::value decode_map(const ServiceModel& m, const Shape& s, const Node& n, bool flattened) {
    json::object out;
    const Node* entries = flattened ? &n : n.child("entry");
    if (!entries) return out;
    for (const Node* e : numbered(*entries)) {
        const Node* k = e->child(s.key_name);
        const Node* v = e->child(s.value_name);
        if (k && k->value && v) out[*k->value] = decode(m, s.member, *v, false);
    }
    return out;
}

json::value decode(const ServiceModel& m, uint16_t index, const Node& n, bool flattened) {
    const Shape& s = m.shape(index);
    switch (s.type) {
        case Type::Structure: {
            json::object out;
            for (uint16_t i = 0; i < s.member_count; ++i) {
                const Member& mem = s.members[i];
                const char* wire = *mem.location_name ? mem.location_name : mem.name;
                if (const Node* c = n.child(wire)) {
                    out[mem.name] = decode(m, mem.shape, *c, mem.flattened);
                }
            }
            return out;
        }
        case Type::List:
            // "Name=" with no items is how the query protocol sends an empty list.
            return decode_list(m, s, n, flattened || s.flattened);
        case Type::Map:
            return decode_map(m, s, n, flattened || s.flattened);
        default:
            return n.value ? scalar_from_text(s, *n.value) : json::value(nullptr);
    }
}

std::string scalar_text(const Shape& s, const json::value& v) {
    if (v.is_string()) return std::string(v.get_string());
    if (v.is_bool()) return v.get_bool() ? "true" : "false";
    if (s.type == Type::Timestamp && v.is_number()) {
        return iso8601(from_epoch_millis(static_cast<int64_t>(v.to_number<double>() * 1000)));
    }
    if (v.is_int64()) return std::to_string(v.get_int64());
    if (v.is_uint64()) return std::to_string(v.get_uint64());
    if (v.is_double()) return fmt::format("{}", v.get_double());
    return json::serialize(v);
}

void encode(const ServiceModel& m, uint16_t index, const json::value& v, std::string_view name,
            bool flattened, XmlWriter& w);

void encode_members(const ServiceModel& m, const Shape& s, const json::value& v, XmlWriter& w) {
    if (!v.is_object()) return;
    for (uint16_t i = 0; i < s.member_count; ++i) {
        const Member& mem = s.members[i];
        const json::value* p = v.get_object().if_contains(mem.name);
        if (!p || p->is_null()) continue;
        encode(m, mem.shape, *p, *mem.location_name ? mem.location_name : mem.name, mem.flattened,
               w);
    }
}

void encode(const ServiceModel& m, uint16_t index, const json::value& v, std::string_view name,
            bool flattened, XmlWriter& w) {
    const Shape& s = m.shape(index);
    if (s.type == Type::List && v.is_array()) {
        if (flattened || s.flattened) {
            for (const auto& item : v.get_array()) encode(m, s.member, item, name, false, w);
            return;
        }
        w.open(name);
        for (const auto& item : v.get_array()) encode(m, s.member, item, s.member_name, false, w);
        w.close(name);
    } else if (s.type == Type::Map && v.is_object()) {
        w.open(name);
        for (const auto& kv : v.get_object()) {
            w.open("entry");
            w.element(s.key_name, std::string_view(kv.key()));
            encode(m, s.member, kv.value(), s.value_name, false, w);
            w.close("entry");
        }
        w.close(name);
    } else if (s.type == Type::Structure) {
        w.open(name);
        encode_members(m, s, v, w);
        w.close(name);
    } else {
        w.element(name, scalar_text(s, v));
    }
}

}  // namespace

std::optional<FormParams> parse_form(std::string_view text) {
    FormParams out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t amp = text.find('&', start);
        std::string_view pair =
            text.substr(start, amp == std::string_view::npos ? amp : amp - start);
        if (!pair.empty()) {
            size_t eq = pair.find('=');
            auto name = percent_decode(pair.substr(0, eq), true);
            auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                                      : percent_decode(pair.substr(eq + 1), true);
            if (!name || !value) return std::nullopt;
            out.emplace_back(std::move(*name), std::move(*value));
        }
        if (amp == std::string_view::npos) break;
        start = amp + 1;
    }
    return out;
}

const std::string* form_value(const FormParams& params, std::string_view name) {
    for (const auto& [k, v] : params) {
        if (k == name) return &v;
    }
    return nullptr;
}

json::value decode_query(const ServiceModel& model, uint16_t shape, const FormParams& params) {
    if (shape == shape::kNone) return json::object();
    Node root = build_tree(params);
    return decode(model, shape, root, false);
}

std::string encode_query_result(const ServiceModel& model, const shape::Operation& op,
                                const json::value& output, std::string_view request_id) {
    XmlWriter w;
    std::string response = std::string(op.name) + "Response";
    w.open(response, model.xml_namespace);
    if (op.output != shape::kNone) {
        std::string wrapper =
            *op.result_wrapper ? op.result_wrapper : std::string(op.name) + "Result";
        w.open(wrapper);
        encode_members(model, model.shape(op.output), output, w);
        w.close(wrapper);
    }
    w.open("ResponseMetadata");
    w.element("RequestId", request_id);
    w.close("ResponseMetadata");
    w.close(response);
    return w.take();
}

std::string encode_query_error(std::string_view xml_namespace, const ApiError& error,
                               std::string_view request_id) {
    XmlWriter w;
    w.open("ErrorResponse", xml_namespace);
    w.open("Error");
    w.element("Type", error.sender ? "Sender" : "Receiver");
    w.element("Code", error.code);
    w.element("Message", error.message);
    w.close("Error");
    w.element("RequestId", request_id);
    w.close("ErrorResponse");
    return w.take();
}

}  // namespace freshet::http
