// AWS's query protocol (IAM, STS, CloudFormation): form-encoded requests
// (Action=GetUser&Version=2010-05-08&UserName=bob&Tags.member.1.Key=k) and XML replies.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/shape/model.h"

namespace freshet::http {

using FormParams = std::vector<std::pair<std::string, std::string>>;

// Parses application/x-www-form-urlencoded text; nullopt on a malformed escape.
std::optional<FormParams> parse_form(std::string_view text);

// The value of a parameter, or nullptr.
const std::string* form_value(const FormParams& params, std::string_view name);

// A textual value (query parameter, path label, header) as the neutral JSON value of its
// shape: numbers and booleans converted, timestamps (ISO 8601) to epoch seconds. A text that
// does not convert stays a string, for the type check to report.
boost::json::value scalar_from_text(const shape::Shape& s, const std::string& text);

// Builds the neutral JSON input of `shape` from the parameters (lists as Name.member.N,
// flattened lists as Name.N, maps as Name.entry.N.key/value, structures as Name.Member).
// Numbers and booleans are converted; a value that does not convert is left a string for the
// type check to report.
boost::json::value decode_query(const shape::ServiceModel& model, uint16_t shape,
                                const FormParams& params);

// <OperationResponse xmlns=...><OperationResult>...</OperationResult>
// <ResponseMetadata><RequestId>...</RequestId></ResponseMetadata></OperationResponse>
std::string encode_query_result(const shape::ServiceModel& model, const shape::Operation& op,
                                const boost::json::value& output, std::string_view request_id);

// <ErrorResponse xmlns=...><Error><Type>Sender</Type><Code>...</Code><Message>...</Message>
// </Error><RequestId>...</RequestId></ErrorResponse>
std::string encode_query_error(std::string_view xml_namespace, const ApiError& error,
                               std::string_view request_id);

}  // namespace freshet::http
