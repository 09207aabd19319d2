// Decoding wire values into typed ones, with DynamoDB's validation rules and messages (as
// recorded against AWS by dynalite's tests).
#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "core/encoding.h"
#include "core/shape/validate.h"
#include "tables/dynamodb.gen.h"
#include "tables/errors.h"
#include "tables/model/attribute_value.h"

namespace freshet::tables {

namespace json = boost::json;

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";
// DynamoDB nests documents 32 levels deep, counting the top-level attribute: a scalar under
// 31 maps or lists is accepted, under 32 refused (measured against AWS).
constexpr int kMaxDepth = 31;

Result<AttributeValue> decode_at(const json::value& wire, int depth);
Result<Item> decode_object_at(const json::object& wire, int depth);

ApiError serialization_error(std::string message) {
    return ApiError{"com.amazon.coral.service#SerializationException", std::move(message), 400,
                    true, true};
}

// The botocore shape of each member of AttributeValue (for its Coral type checks).
uint16_t shape_of(Type t) {
    switch (t) {
        case Type::S:
            return model::kShapeStringAttributeValue;
        case Type::N:
            return model::kShapeNumberAttributeValue;
        case Type::B:
            return model::kShapeBinaryAttributeValue;
        case Type::BOOL:
            return model::kShapeBooleanAttributeValue;
        case Type::NUL:
            return model::kShapeNullAttributeValue;
        case Type::SS:
            return model::kShapeStringSetAttributeValue;
        case Type::NS:
            return model::kShapeNumberSetAttributeValue;
        default:
            return model::kShapeBinarySetAttributeValue;
    }
}

// AttributeValue is recursive, so the dispatcher's type pass stops at it; DynamoDB's Coral
// deserializer checks JSON types before any validation, with these messages.
std::optional<ApiError> coral_type_error(Type t, const json::value& v) {
    std::optional<std::string> e;
    if (t == Type::M) {
        if (v.is_array())
            e = "Start of list found where not expected";
        else if (!v.is_object())
            e = "Expected map or null";
    } else if (t == Type::L) {
        if (v.is_object())
            e = "Start of structure or map found where not expected.";
        else if (!v.is_array())
            e = "Expected list or null";
    } else {
        e = shape::check_types(model::service_model(), shape_of(t), v);
    }
    if (e) return serialization_error(std::move(*e));
    return std::nullopt;
}

// Unreachable after coral_type_error; kept so that a gap there is an error, not a crash.
ApiError wrong_json(std::string_view type) {
    return serialization_error("Unexpected value type for attribute type " + std::string(type));
}

// "[a, b]", the way DynamoDB prints a set in its duplicate message.
std::string list_text(const json::array& a) {
    std::string out = "[";
    for (size_t i = 0; i < a.size(); ++i) {
        if (i) out += ", ";
        out += a[i].is_string() ? std::string(a[i].as_string()) : json::serialize(a[i]);
    }
    return out + "]";
}

Result<std::string> decode_binary(const json::value& v, std::string_view type) {
    if (!v.is_string()) return wrong_json(type);
    auto bytes = base64_decode(v.as_string());
    if (!bytes)
        return validation_error("Invalid Base64 value for attribute type " + std::string(type));
    return std::move(*bytes);
}

Result<void> decode_set(std::string_view name, const json::value& v, AttributeValue& out) {
    if (!v.is_array()) return wrong_json(name);
    const json::array& a = v.as_array();
    if (a.empty()) {
        if (name == "SS")
            return validation_error(std::string(kInvalid) + "An string set  may not be empty");
        if (name == "NS")
            return validation_error(std::string(kInvalid) + "An number set  may not be empty");
        return validation_error(std::string(kInvalid) + "Binary sets should not be empty");
    }
    if (name == "NS") {
        for (const auto& e : a) {
            if (!e.is_string()) return wrong_json(name);
            FRESHET_TRY(d, Decimal::parse(e.as_string()));
            if (std::find(out.nums.begin(), out.nums.end(), d) != out.nums.end())
                return validation_error("Input collection contains duplicates");
            out.nums.push_back(std::move(d));
        }
        return Ok{};
    }
    std::set<std::string> seen;
    for (const auto& e : a) {
        std::string item;
        if (name == "SS") {
            if (!e.is_string()) return wrong_json(name);
            item = std::string(e.as_string());
        } else {
            FRESHET_TRY(bytes, decode_binary(e, name));
            item = std::move(bytes);
        }
        if (!seen.insert(item).second) {
            return validation_error(
                std::string(kInvalid) + "Input collection " + list_text(a) +
                (name == "SS" ? " contains duplicates." : "of type BS contains duplicates."));
        }
        out.strs.push_back(std::move(item));
    }
    return Ok{};
}

Result<void> decode_one(std::string_view name, const json::value& v, AttributeValue& out,
                        int depth) {
    Type t;
    if (!type_from_name(name, t)) {
        return validation_error(
            "Supplied AttributeValue is empty, must contain exactly one of the supported "
            "datatypes");
    }
    out.type = t;
    if (auto e = coral_type_error(t, v)) return *e;
    switch (t) {
        case Type::S:
            if (!v.is_string()) return wrong_json(name);
            out.s = std::string(v.as_string());
            return Ok{};
        case Type::N: {
            if (!v.is_string()) return wrong_json(name);
            FRESHET_TRY(d, Decimal::parse(v.as_string()));
            out.n = std::move(d);
            return Ok{};
        }
        case Type::B: {
            FRESHET_TRY(bytes, decode_binary(v, name));
            out.s = std::move(bytes);
            return Ok{};
        }
        case Type::BOOL:
            if (!v.is_bool()) return wrong_json(name);
            out.boolean = v.as_bool();
            return Ok{};
        case Type::NUL:
            if (!v.is_bool()) return wrong_json(name);
            if (!v.as_bool()) {
                return validation_error(std::string(kInvalid) +
                                        "Null attribute value types must have the value of true");
            }
            return Ok{};
        case Type::M: {
            if (!v.is_object()) return wrong_json(name);
            FRESHET_TRY(m, decode_object_at(v.as_object(), depth + 1));
            out.map = std::move(m);
            return Ok{};
        }
        case Type::L:
            if (!v.is_array()) return wrong_json(name);
            for (const auto& e : v.as_array()) {
                FRESHET_TRY(elem, decode_at(e, depth + 1));
                out.list.push_back(std::move(elem));
            }
            return Ok{};
        default:
            return decode_set(name, v, out);
    }
}

Result<AttributeValue> decode_at(const json::value& wire, int depth) {
    if (depth > kMaxDepth)
        return validation_error(
            "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
            "levels beyond supported limit");
    if (wire.is_array()) return serialization_error("Start of list found where not expected");
    if (!wire.is_object()) return serialization_error("Expected null");
    if (wire.as_object().empty()) {
        return validation_error(
            "Supplied AttributeValue is empty, must contain exactly one of the supported "
            "datatypes");
    }
    const json::object& o = wire.as_object();
    AttributeValue out;
    // Each member is checked first (as DynamoDB does), then the count of types.
    size_t given = 0;
    for (const auto& [name, v] : o) {
        if (v.is_null()) continue;  // AWS ignores null members
        ++given;
        AttributeValue one;
        FRESHET_CHECK(decode_one(name, v, one, depth));
        out = std::move(one);
    }
    if (given == 0) {
        return validation_error(
            "Supplied AttributeValue is empty, must contain exactly one of the supported "
            "datatypes");
    }
    if (given > 1) {
        return validation_error(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
    }
    return out;
}

Result<Item> decode_object_at(const json::object& wire, int depth) {
    Item item;
    for (const auto& [name, v] : wire) {
        FRESHET_TRY(value, decode_at(v, depth));
        item.emplace(std::string(name), std::move(value));
    }
    return item;
}

}  // namespace

Result<AttributeValue> decode_value(const json::value& wire) {
    return decode_at(wire, 0);
}

Result<Item> decode_item_object(const json::object& wire) {
    return decode_object_at(wire, 0);
}

Result<Item> decode_item(const std::map<std::string, json::value>& wire) {
    Item item;
    for (const auto& [name, v] : wire) {
        FRESHET_TRY(value, decode_value(v));
        item.emplace(name, std::move(value));
    }
    return item;
}

}  // namespace freshet::tables
