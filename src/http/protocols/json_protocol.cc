#include "http/protocols/json_protocol.h"

#include <boost/json.hpp>

namespace freshet::http {
namespace json = boost::json;

namespace {
std::string content_type(std::string_view version) {
    return "application/x-amz-json-" + std::string(version.empty() ? "1.1" : version);
}
}  // namespace

Result<json::value> decode_json_body(std::string_view body, const ErrorDialect& dialect) {
    size_t i = 0;
    while (i < body.size() && isspace(static_cast<unsigned char>(body[i]))) ++i;
    if (i == body.size() && dialect.empty_json_body_is_empty_object)
        return json::value(json::object());
    boost::system::error_code ec;
    // Boost.JSON's default depth limit (32) is below what AWS accepts: DynamoDB documents
    // nest 32 levels, two JSON levels each ({"M": {...}}). The parser is not recursive.
    json::parse_options options;
    options.max_depth = 256;
    json::value v = json::parse(body, ec, {}, options);
    if (ec || !v.is_object()) {
        // What AWS's Coral services answer for a body that is not a JSON object.
        return ApiError{dialect.serialization_code,
                        "Start of structure or map found where not expected.", 400, true,
                        dialect.serialization_capital_message};
    }
    return v;
}

Response json_response(std::string_view json_version, const json::value& output,
                       std::string_view request_id) {
    Response r;
    r.status = 200;
    r.headers.push_back({"Content-Type", content_type(json_version)});
    r.headers.push_back({"x-amzn-RequestId", std::string(request_id)});
    r.body = json::serialize(output);
    return r;
}

Response json_error_response(std::string_view json_version, const ApiError& error,
                             std::string_view request_id) {
    json::object body{{"__type", error.code}};
    if (!error.message.empty())
        body[error.capital_message_key ? "Message" : "message"] = error.message;
    if (!error.json_members.empty()) {
        boost::system::error_code ec;
        json::value extra = json::parse(error.json_members, ec);
        if (!ec && extra.is_object()) {
            for (auto& [k, v] : extra.as_object()) body[k] = std::move(v);
        }
    }
    Response r;
    r.status = error.status;
    r.headers.push_back({"Content-Type", content_type(json_version)});
    r.headers.push_back({"x-amzn-RequestId", std::string(request_id)});
    r.headers.push_back({"x-amzn-ErrorType", error.code});
    r.body = json::serialize(body);
    return r;
}

}  // namespace freshet::http
