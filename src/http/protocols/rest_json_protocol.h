// AWS's REST-JSON protocol (Lambda): the operation is chosen by method and path, input members
// are bound to the path ("/2015-03-31/functions/{FunctionName}/invocations"), the query string,
// headers and the body (a JSON object, or one "payload" member sent raw), and so are outputs
// (headers, the status code, and the body).
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "core/result.h"
#include "core/service.h"
#include "core/shape/model.h"
#include "http/message.h"

namespace freshet::http {

// The operation whose method and URI template match the request, or nullptr. When several
// match, the one with the most literal path segments wins (as AWS's routers do).
const shape::Operation* match_rest_operation(const shape::ServiceModel& model,
                                             std::string_view method, std::string_view path,
                                             std::string_view query);

// Builds the neutral JSON input of `op` from the request. A malformed JSON body is the
// dialect's SerializationException.
Result<boost::json::value> decode_rest_json(const shape::ServiceModel& model,
                                            const shape::Operation& op, const Request& req,
                                            const ErrorDialect& dialect);

Response encode_rest_json(const shape::ServiceModel& model, const shape::Operation& op,
                          const boost::json::value& output, std::string_view request_id);

// {"Type": "User", "message": "..."} with x-amzn-ErrorType.
Response rest_json_error(const ApiError& error, std::string_view request_id);

}  // namespace freshet::http
