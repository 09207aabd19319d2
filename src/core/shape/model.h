// Service models as data: the shapes and operations of an AWS service, generated at build time
// from botocore's service-2.json by tools/gen_model.py. The validator, the protocol codecs and
// the router all read these tables; nothing about a shape is written by hand.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace freshet::shape {

enum class Type : uint8_t {
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Boolean,
    Double,
    Float,
    Blob,
    Timestamp,
};

inline constexpr uint16_t kNone = 0xffff;

struct Member {
    const char* name;      // AWS member name ("StreamName")
    uint16_t shape;        // index into ServiceModel::shapes
    const char* location;  // "" (body), "uri", "querystring", "header", "headers", "statusCode"
    const char* location_name;  // wire name for that location, or XML element name; "" = name
    bool required;
    bool flattened;  // XML/query: list or map without a wrapper element
    bool idempotency_token;
    bool json_value;               // header carrying base64 JSON
    const char* timestamp_format;  // member-level override, "" when none
};

struct Shape {
    const char* name;
    Type type;
    bool has_min, has_max;
    double min, max;      // length (strings in characters, blobs in bytes, lists, maps) or value
    const char* pattern;  // Java-style regex as in the model, nullptr when none
    const char* const* enums;  // enum values in model order
    uint16_t enum_count;
    const Member* members;  // structures: in model order
    uint16_t member_count;
    uint16_t member;          // lists: the element shape; maps: the value shape
    uint16_t key;             // maps: the key shape
    const char* member_name;  // lists: XML element name of items ("member" by default)
    const char* key_name;     // maps: "key" by default
    const char* value_name;   // maps: "value" by default
    bool flattened;
    const char* payload;     // structures (REST): name of the member bound to the body, or ""
    bool exception;          // an error shape
    uint16_t error_status;   // its HTTP status (400 when unset)
    const char* error_code;  // its AWS code when it differs from the name, else ""
    bool sender_fault;
    const char* timestamp_format;  // "" = protocol default
    bool document;                 // kept as raw JSON (recursive shapes such as AttributeValue)
    bool sensitive;
};

struct Operation {
    const char* name;            // "PutRecord"
    const char* http_method;     // REST protocols
    const char* request_uri;     // "/2015-03-31/functions/{FunctionName}/invocations"
    uint16_t http_status;        // success status (200 unless the model says otherwise)
    uint16_t input;              // kNone when the operation takes no input
    uint16_t output;             // kNone when it returns nothing
    const char* result_wrapper;  // query protocol: "GetCallerIdentityResult"
};

enum class Protocol : uint8_t { Json, RestJson, Query, RestXml };

struct ServiceModel {
    const char* service_id;    // "Kinesis"
    const char* signing_name;  // "kinesis"
    const char* endpoint_prefix;
    Protocol protocol;
    const char* target_prefix;  // awsJson: "Kinesis_20131202"
    const char* json_version;   // "1.1"
    const char* xml_namespace;  // query: "https://sts.amazonaws.com/doc/2011-06-15/"
    const char* api_version;    // "2011-06-15"
    const Shape* shapes;
    size_t shape_count;
    const Operation* operations;  // sorted by name
    size_t operation_count;

    const Operation* find_operation(std::string_view name) const;
    const Shape& shape(uint16_t index) const { return shapes[index]; }
    // Index of a shape by name, or kNone.
    uint16_t find_shape(std::string_view name) const;
};

}  // namespace freshet::shape
