// AttributeValue: one DynamoDB value, typed. Decoded once from the wire (with DynamoDB's
// validation messages) and then handled as C++ values: comparisons, set semantics, sizes and
// key encodings never look at JSON.
//
// Thread safety: a plain value.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "tables/model/decimal.h"

namespace freshet::tables {

// Persisted (the item codec writes the wire form, whose names these are): append only.
enum class Type : uint8_t { S, N, B, BOOL, NUL, M, L, SS, NS, BS };

// DynamoDB's name of a type: "S", "N", ..., "NULL".
std::string_view type_name(Type t);
// The type named `name`, if it is one.
bool type_from_name(std::string_view name, Type& out);

struct AttributeValue {
    Type type = Type::NUL;
    std::string s;                              // S; B (raw bytes)
    Decimal n;                                  // N
    bool boolean = true;                        // BOOL (NULL is always true)
    std::vector<std::string> strs;              // SS; BS (raw bytes); insertion order, unique
    std::vector<Decimal> nums;                  // NS; insertion order, unique
    std::vector<AttributeValue> list;           // L
    std::map<std::string, AttributeValue> map;  // M

    static AttributeValue string(std::string v);
    static AttributeValue number(Decimal v);
    static AttributeValue binary(std::string v);
    static AttributeValue boolean_value(bool v);
    static AttributeValue null();

    bool is_set() const { return type == Type::SS || type == Type::NS || type == Type::BS; }
    // Elements in a set. 0 for other types.
    size_t set_size() const;

    // Equality as DynamoDB defines it: sets compare as sets, maps by content, lists in order.
    bool operator==(const AttributeValue& other) const;
};

using Item = std::map<std::string, AttributeValue>;

// Decodes one wire value ({"S": "x"}, {"N": "1"}, ...), checking DynamoDB's rules (exactly one
// type, numbers in range, non-empty unique sets, NULL true) with its ValidationException
// messages.
Result<AttributeValue> decode_value(const boost::json::value& wire);
// Decodes an item or key map.
Result<Item> decode_item(const std::map<std::string, boost::json::value>& wire);
Result<Item> decode_item_object(const boost::json::object& wire);

// The wire form, numbers normalised as DynamoDB returns them.
boost::json::value encode_value(const AttributeValue& v);
std::map<std::string, boost::json::value> encode_item(const Item& item);
boost::json::object encode_item_object(const Item& item);

// DynamoDB's size of a value (for the 400 KB item limit and capacity units): strings and
// binaries by length, numbers by about one byte per two significant digits plus one, one
// byte for BOOL and NULL, three bytes of overhead plus one per element for lists and maps.
size_t value_size(const AttributeValue& v);
size_t item_size(const Item& item);

}  // namespace freshet::tables
