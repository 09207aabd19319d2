#include "stacks/resources/properties.h"

#include <openssl/rand.h>

#include <boost/json.hpp>
#include <charconv>

namespace freshet::stacks {

namespace json = boost::json;

namespace {

std::string_view json_type(const json::value& v) {
    if (v.is_string()) return "String";
    if (v.is_bool()) return "Boolean";
    if (v.is_number()) return "Number";
    if (v.is_array()) return "JSONArray";
    if (v.is_object()) return "JSONObject";
    return "Null";
}

ApiError type_error(const ResourceContext& ctx, std::string_view key, std::string_view expected,
                    const json::value& v) {
    return property_error(ctx.logical_id, "#/" + std::string(key) +
                                              ": expected type: " + std::string(expected) +
                                              ", found: " + std::string(json_type(v)));
}

std::optional<int64_t> as_int(const json::value& v) {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= INT64_MAX) return static_cast<int64_t>(v.get_uint64());
    if (v.is_double() &&
        v.get_double() == static_cast<double>(static_cast<int64_t>(v.get_double())))
        return static_cast<int64_t>(v.get_double());
    if (v.is_string()) {
        std::string_view s = v.get_string();
        int64_t n = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return n;
    }
    return std::nullopt;
}

std::optional<bool> as_bool(const json::value& v) {
    if (v.is_bool()) return v.get_bool();
    if (v.is_string()) {
        std::string_view s = v.get_string();
        if (s == "true" || s == "True" || s == "TRUE") return true;
        if (s == "false" || s == "False" || s == "FALSE") return false;
    }
    return std::nullopt;
}

std::string random_suffix(size_t n, bool upper) {
    static constexpr std::string_view kMixed =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string_view alphabet = upper ? kUpper : kMixed;
    std::string out;
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
    for (size_t i = 0; i < n; ++i) out += alphabet[bytes[i] % alphabet.size()];
    return out;
}

}  // namespace

ApiError property_error(std::string_view logical_id, std::string_view message) {
    return ApiError{"ValidationError", "Properties validation failed for resource " +
                                           std::string(logical_id) +
                                           " with message: " + std::string(message)};
}

Result<std::optional<std::string>> get_string(const ResourceContext& ctx, const json::object& p,
                                              std::string_view key) {
    auto it = p.find(key);
    if (it == p.end() || it->value().is_null()) return std::optional<std::string>();
    const json::value& v = it->value();
    if (v.is_string()) return std::optional<std::string>(std::string(v.get_string()));
    if (v.is_number() || v.is_bool()) return std::optional<std::string>(json::serialize(v));
    return type_error(ctx, key, "String", v);
}

Result<std::optional<int64_t>> get_int(const ResourceContext& ctx, const json::object& p,
                                       std::string_view key) {
    auto it = p.find(key);
    if (it == p.end() || it->value().is_null()) return std::optional<int64_t>();
    if (auto n = as_int(it->value())) return std::optional<int64_t>(*n);
    return type_error(ctx, key, "Integer", it->value());
}

Result<std::optional<bool>> get_bool(const ResourceContext& ctx, const json::object& p,
                                     std::string_view key) {
    auto it = p.find(key);
    if (it == p.end() || it->value().is_null()) return std::optional<bool>();
    if (auto b = as_bool(it->value())) return std::optional<bool>(*b);
    return type_error(ctx, key, "Boolean", it->value());
}

Result<std::optional<std::vector<std::string>>> get_strings(const ResourceContext& ctx,
                                                            const json::object& p,
                                                            std::string_view key) {
    using Out = std::optional<std::vector<std::string>>;
    auto it = p.find(key);
    if (it == p.end() || it->value().is_null()) return Out();
    if (!it->value().is_array()) return type_error(ctx, key, "JSONArray", it->value());
    std::vector<std::string> out;
    for (const json::value& e : it->value().get_array()) {
        if (e.is_string()) {
            out.emplace_back(e.get_string());
        } else if (e.is_number() || e.is_bool()) {
            out.push_back(json::serialize(e));
        } else {
            return type_error(ctx, std::string(key) + "/" + std::to_string(out.size()), "String",
                              e);
        }
    }
    return Out(std::move(out));
}

Result<std::string> require_string(const ResourceContext& ctx, const json::object& p,
                                   std::string_view key) {
    FRESHET_TRY(v, get_string(ctx, p, key));
    if (!v)
        return property_error(ctx.logical_id,
                              "#: required key [" + std::string(key) + "] not found");
    return std::move(*v);
}

json::value coerce_int(const json::value& v) {
    if (auto n = as_int(v); n && v.is_string()) return *n;
    return v;
}

json::value coerce_bool(const json::value& v) {
    if (auto b = as_bool(v); b && v.is_string()) return *b;
    return v;
}

bool changed(const json::object& before, const json::object& after,
             std::initializer_list<std::string_view> keys) {
    for (std::string_view k : keys) {
        const json::value* a = before.if_contains(k);
        const json::value* b = after.if_contains(k);
        if ((a == nullptr) != (b == nullptr)) return true;
        if (a && *a != *b) return true;
    }
    return false;
}

std::string physical_name(const ResourceContext& ctx, size_t max_length, bool upper) {
    std::string suffix = random_suffix(upper ? 13 : 12, upper);
    std::string stack = ctx.stack_name;
    std::string logical = ctx.logical_id;
    size_t fixed = suffix.size() + 2;
    // Shorten the longer part first until the name fits, keeping at least one character each.
    while (stack.size() + logical.size() + fixed > max_length &&
           (stack.size() > 1 || logical.size() > 1)) {
        if (stack.size() >= logical.size() && stack.size() > 1) {
            stack.pop_back();
        } else {
            logical.pop_back();
        }
    }
    while (!stack.empty() && stack.back() == '-') stack.pop_back();
    return stack + "-" + logical + "-" + suffix;
}

void claim_physical_id(const ResourceContext& ctx, const std::string& physical_id) {
    if (ctx.claim) ctx.claim(physical_id, true);
}

void reserve_physical_id(const ResourceContext& ctx, const std::string& physical_id) {
    if (ctx.claim) ctx.claim(physical_id, false);
}

Result<json::object> tags_as_map(const ResourceContext& ctx, const json::object& p,
                                 std::string_view key) {
    json::object out;
    auto it = p.find(key);
    if (it == p.end() || it->value().is_null()) return out;
    if (!it->value().is_array()) return type_error(ctx, key, "JSONArray", it->value());
    for (const json::value& t : it->value().get_array()) {
        const json::object* o = t.if_object();
        if (!o || !o->if_contains("Key") || !o->at("Key").is_string())
            return property_error(ctx.logical_id,
                                  "#/" + std::string(key) + ": required key [Key] not found");
        const json::value* value = o->if_contains("Value");
        out[o->at("Key").get_string()] =
            value && value->is_string() ? value->get_string() : json::string();
    }
    return out;
}

}  // namespace freshet::stacks
