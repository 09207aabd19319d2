#include "tables/model/attribute_value.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <set>

#include "core/encoding.h"

namespace freshet::tables {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 10> kTypeNames = {"S", "N", "B",  "BOOL", "NULL",
                                                         "M", "L", "SS", "NS",   "BS"};
}  // namespace

std::string_view type_name(Type t) {
    return kTypeNames[static_cast<size_t>(t)];
}

bool type_from_name(std::string_view name, Type& out) {
    for (size_t i = 0; i < kTypeNames.size(); ++i) {
        if (kTypeNames[i] == name) {
            out = static_cast<Type>(i);
            return true;
        }
    }
    return false;
}

AttributeValue AttributeValue::string(std::string v) {
    AttributeValue a;
    a.type = Type::S;
    a.s = std::move(v);
    return a;
}
AttributeValue AttributeValue::number(Decimal v) {
    AttributeValue a;
    a.type = Type::N;
    a.n = std::move(v);
    return a;
}
AttributeValue AttributeValue::binary(std::string v) {
    AttributeValue a = string(std::move(v));
    a.type = Type::B;
    return a;
}
AttributeValue AttributeValue::boolean_value(bool v) {
    AttributeValue a;
    a.type = Type::BOOL;
    a.boolean = v;
    return a;
}
AttributeValue AttributeValue::null() {
    return AttributeValue{};
}

size_t AttributeValue::set_size() const {
    if (type == Type::NS) return nums.size();
    if (type == Type::SS || type == Type::BS) return strs.size();
    return 0;
}

bool AttributeValue::operator==(const AttributeValue& o) const {
    if (type != o.type) return false;
    switch (type) {
        case Type::S:
        case Type::B:
            return s == o.s;
        case Type::N:
            return n == o.n;
        case Type::BOOL:
            return boolean == o.boolean;
        case Type::NUL:
            return true;
        case Type::M:
            return map == o.map;
        case Type::L:
            return list == o.list;
        case Type::NS:
            return nums.size() == o.nums.size() &&
                   std::all_of(nums.begin(), nums.end(), [&](const Decimal& d) {
                       return std::find(o.nums.begin(), o.nums.end(), d) != o.nums.end();
                   });
        default: {
            std::set<std::string> a(strs.begin(), strs.end()), b(o.strs.begin(), o.strs.end());
            return a == b;
        }
    }
}

json::value encode_value(const AttributeValue& v) {
    json::object o;
    const std::string key(type_name(v.type));
    switch (v.type) {
        case Type::S:
            o[key] = v.s;
            break;
        case Type::N:
            o[key] = v.n.to_string();
            break;
        case Type::B:
            o[key] = base64_encode(v.s);
            break;
        case Type::BOOL:
            o[key] = v.boolean;
            break;
        case Type::NUL:
            o[key] = true;
            break;
        case Type::M:
            o[key] = encode_item_object(v.map);
            break;
        case Type::L: {
            json::array a;
            for (const auto& e : v.list) a.push_back(encode_value(e));
            o[key] = std::move(a);
            break;
        }
        case Type::NS: {
            json::array a;
            for (const auto& d : v.nums) a.push_back(json::value(d.to_string()));
            o[key] = std::move(a);
            break;
        }
        default: {
            json::array a;
            for (const auto& s : v.strs)
                a.push_back(json::value(v.type == Type::BS ? base64_encode(s) : s));
            o[key] = std::move(a);
        }
    }
    return o;
}

json::object encode_item_object(const Item& item) {
    json::object o;
    for (const auto& [name, v] : item) o[name] = encode_value(v);
    return o;
}

std::map<std::string, json::value> encode_item(const Item& item) {
    std::map<std::string, json::value> out;
    for (const auto& [name, v] : item) out.emplace(name, encode_value(v));
    return out;
}

size_t value_size(const AttributeValue& v) {
    auto number_size = [](const Decimal& d) { return (d.digits().size() + 1) / 2 + 1; };
    switch (v.type) {
        case Type::S:
        case Type::B:
            return v.s.size();
        case Type::N:
            return number_size(v.n);
        case Type::BOOL:
        case Type::NUL:
            return 1;
        case Type::M: {
            size_t n = 3;
            for (const auto& [k, e] : v.map) n += k.size() + value_size(e) + 1;
            return n;
        }
        case Type::L: {
            size_t n = 3;
            for (const auto& e : v.list) n += value_size(e) + 1;
            return n;
        }
        case Type::NS: {
            size_t n = 0;
            for (const auto& d : v.nums) n += number_size(d);
            return n;
        }
        default: {
            size_t n = 0;
            for (const auto& s : v.strs) n += s.size();
            return n;
        }
    }
}

size_t item_size(const Item& item) {
    size_t n = 0;
    for (const auto& [k, v] : item) n += k.size() + value_size(v);
    return n;
}

}  // namespace freshet::tables
