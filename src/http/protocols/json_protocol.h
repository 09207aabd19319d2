// AWS's JSON protocols (awsJson 1.0 for DynamoDB, 1.1 for Kinesis and CloudWatch Logs):
// the request body is the input structure, the reply body the output structure, and errors
// are {"__type": "<Code>", "message": "<text>"} with the x-amzn-ErrorType header.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "core/result.h"
#include "core/service.h"
#include "http/message.h"

namespace freshet::http {

// Parses a request body. An empty body is an empty input, as AWS treats it. Malformed JSON
// or a non-object is the service's SerializationException.
Result<boost::json::value> decode_json_body(std::string_view body, const ErrorDialect& dialect);

Response json_response(std::string_view json_version, const boost::json::value& output,
                       std::string_view request_id);
Response json_error_response(std::string_view json_version, const ApiError& error,
                             std::string_view request_id);

}  // namespace freshet::http
