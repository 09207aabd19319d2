// JSON helpers for the SAM transform: SAM's intrinsic test, Python-compatible serialization
// for the Version hash, parameter Ref resolution, tags, resource attributes and property
// validation.
#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>

#include "stacks/sam/internal.h"

namespace freshet::stacks::sam {

bool is_intrinsic(const json::value& v) {
    if (!v.is_object() || v.get_object().size() != 1) return false;
    std::string_view key = v.get_object().begin()->key();
    return key == "Ref" || key == "Condition" || key.starts_with("Fn::");
}

const json::value* get(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return (v && !v->is_null()) ? v : nullptr;
}

bool truthy(const json::value* v) {
    if (!v || v->is_null()) return false;
    if (v->is_string()) return !v->get_string().empty();
    if (v->is_bool()) return v->get_bool();
    if (v->is_object()) return !v->get_object().empty();
    if (v->is_array()) return !v->get_array().empty();
    return true;
}

namespace {

// Python's json string escaping with ensure_ascii=True.
void python_string(std::string_view s, std::string& out) {
    out += '"';
    for (size_t i = 0; i < s.size();) {
        unsigned char c = s[i];
        uint32_t cp = c;
        size_t len = 1;
        if (c >= 0x80) {  // decode UTF-8; invalid bytes pass as U+FFFD
            len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            cp = len == 1 ? 0xFFFD : (c & (0x3F >> (len - 1)));
            for (size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        i += len;
        char buf[16];
        switch (cp) {
            case '"':
                out += "\\\"";
                continue;
            case '\\':
                out += "\\\\";
                continue;
            case '\n':
                out += "\\n";
                continue;
            case '\r':
                out += "\\r";
                continue;
            case '\t':
                out += "\\t";
                continue;
            case '\b':
                out += "\\b";
                continue;
            case '\f':
                out += "\\f";
                continue;
        }
        if (cp >= 0x20 && cp < 0x7F) {
            out += static_cast<char>(cp);
        } else if (cp < 0x10000) {
            std::snprintf(buf, sizeof buf, "\\u%04x", cp);
            out += buf;
        } else {
            uint32_t v = cp - 0x10000;
            std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (v >> 10),
                          0xDC00 + (v & 0x3FF));
            out += buf;
        }
    }
    out += '"';
}

void python_json_into(const json::value& v, std::string& out) {
    switch (v.kind()) {
        case json::kind::null:
            out += "null";
            return;
        case json::kind::bool_:
            out += v.get_bool() ? "true" : "false";
            return;
        case json::kind::int64:
            out += std::to_string(v.get_int64());
            return;
        case json::kind::uint64:
            out += std::to_string(v.get_uint64());
            return;
        case json::kind::double_:
            out += json::serialize(v);
            return;
        case json::kind::string:
            python_string(v.get_string(), out);
            return;
        case json::kind::array: {
            out += '[';
            bool first = true;
            for (const auto& e : v.get_array()) {
                if (!first) out += ',';
                first = false;
                python_json_into(e, out);
            }
            out += ']';
            return;
        }
        case json::kind::object: {
            std::vector<const json::key_value_pair*> items;
            for (const auto& kv : v.get_object()) items.push_back(&kv);
            std::sort(items.begin(), items.end(),
                      [](auto* a, auto* b) { return a->key() < b->key(); });
            out += '{';
            bool first = true;
            for (const auto* kv : items) {
                if (!first) out += ',';
                first = false;
                python_string(kv->key(), out);
                out += ':';
                python_json_into(kv->value(), out);
            }
            out += '}';
            return;
        }
    }
}

std::string substitute_known(std::string_view text, const json::object& params) {
    std::string out;
    size_t i = 0;
    while (true) {
        size_t open = text.find("${", i);
        size_t close = open == std::string_view::npos ? open : text.find('}', open);
        if (close == std::string_view::npos) {
            out.append(text.substr(i));
            return out;
        }
        out.append(text.substr(i, open - i));
        std::string_view name = text.substr(open + 2, close - open - 2);
        const json::value* v = params.if_contains(name);
        if (v && v->is_string() && !name.starts_with("!"))
            out.append(v->get_string());
        else
            out.append(text.substr(open, close - open + 1));
        i = close + 1;
    }
}

}  // namespace

std::string python_json(const json::value& v) {
    std::string out;
    python_json_into(v, out);
    return out;
}

std::string python_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", '" : "'") + items[i] + "'";
    return out + "]";
}

std::string sha1_hex(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha1(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

json::value resolve_parameter_refs(const json::value& v, const json::object& params) {
    if (v.is_array()) {
        json::array out;
        for (const auto& e : v.get_array()) out.push_back(resolve_parameter_refs(e, params));
        return out;
    }
    if (!v.is_object()) return v;
    const json::object& o = v.get_object();
    if (o.size() == 1 && o.contains("Ref") && o.at("Ref").is_string()) {
        if (const json::value* p = params.if_contains(o.at("Ref").get_string())) return *p;
        return v;
    }
    if (o.size() == 1 && o.contains("Fn::Sub") && o.at("Fn::Sub").is_string())
        return json::object{{"Fn::Sub", substitute_known(o.at("Fn::Sub").get_string(), params)}};
    json::object out;
    for (const auto& kv : o) out[kv.key()] = resolve_parameter_refs(kv.value(), params);
    return out;
}

json::array tag_list(const json::object& tags) {
    json::array out;
    for (const auto& kv : tags) {
        const json::value& v = kv.value();
        bool falsy = v.is_null() || (v.is_string() && v.get_string().empty()) ||
                     (v.is_bool() && !v.get_bool());
        out.push_back(json::object{{"Key", kv.key()}, {"Value", falsy ? json::value("") : v}});
    }
    return out;
}

json::object main_attributes(const json::object& resource) {
    json::object out;
    if (const json::value* d = get(resource, "DependsOn")) out["DependsOn"] = *d;
    for (const char* a :
         {"DeletionPolicy", "UpdatePolicy", "Condition", "UpdateReplacePolicy", "Metadata"})
        if (const json::value* v = resource.if_contains(a)) out[a] = *v;
    return out;
}

json::object passthrough_attributes(const json::object& resource) {
    json::object out;
    for (const char* a : {"Condition", "DeletionPolicy", "UpdateReplacePolicy"})
        if (const json::value* v = resource.if_contains(a)) out[a] = *v;
    return out;
}

json::object make_resource(std::string_view type, const json::object& attributes,
                           json::object properties) {
    json::object r;
    r["Type"] = type;
    for (const auto& kv : attributes) r[kv.key()] = kv.value();
    r["Properties"] = std::move(properties);
    return r;
}

Result<void> check_properties(std::string_view id, std::string_view type, const json::object& props,
                              const std::vector<PropertySpec>& specs) {
    for (const auto& kv : props) {
        bool known = false;
        for (const auto& s : specs) known = known || kv.key() == s.name;
        if (!known)
            return invalid_resource(id, "property " + std::string(kv.key()) +
                                            " not defined for resource of type " +
                                            std::string(type));
    }
    for (const auto& s : specs) {
        const json::value* v = get(props, s.name);
        if (!v || s.check == Check::Any || is_intrinsic(*v)) continue;
        std::string name = s.name;
        if (s.check == Check::Map && !v->is_object())
            return invalid_resource(id, "Property '" + name + "' should be a map.");
        if (s.check == Check::String && !v->is_string())
            return invalid_resource(id, "Property '" + name + "' should be a string.");
        if ((s.check == Check::Bool && !v->is_bool()) || (s.check == Check::Other && !s.valid(*v)))
            return invalid_resource(id, "Type of property '" + name + "' is invalid.");
    }
    return {};
}

}  // namespace freshet::stacks::sam
