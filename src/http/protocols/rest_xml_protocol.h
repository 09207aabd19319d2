// AWS's REST-XML protocol as S3 speaks it: the operation is chosen by method, path
// ("/{Bucket}/{Key+}"), the literal query key of its URI template ("?uploads", "?list-type=2")
// and the required query and header members it needs (UploadPart needs partNumber and
// uploadId, CopyObject x-amz-copy-source); input members are bound to the path, the query,
// headers, header prefixes (x-amz-meta-) and the body (a raw blob, or an XML document);
// outputs to headers and a raw or XML body.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "core/shape/model.h"
#include "http/message.h"

namespace freshet::http {

struct RestXmlMatch {
    const shape::Operation* op = nullptr;
    // A request for a sub-resource (?acl, ?tagging, ?versions...) that no listed operation
    // serves: S3's NotImplemented, not the bucket or object operation the path would match.
    bool unsupported_subresource = false;
};

// `path` is the path-style path (virtual-host requests rewritten to "/bucket/...").
RestXmlMatch match_rest_xml_operation(const shape::ServiceModel& model, const Request& req,
                                      std::string_view path);

// Builds the neutral JSON input of `op`. An XML body that does not parse is S3's MalformedXML.
Result<boost::json::value> decode_rest_xml(const shape::ServiceModel& model,
                                           const shape::Operation& op, const Request& req,
                                           std::string_view path);

// The reply: headers, status (the model's; 206 when a blob payload carries Content-Range) and
// the body. `head`: HEAD requests keep Content-Length and send no body.
Response encode_rest_xml(const shape::ServiceModel& model, const shape::Operation& op,
                         const boost::json::value& output, std::string_view request_id, bool head);

// <Error><Code>..</Code><Message>..</Message>[details]<RequestId>..</RequestId>
// <HostId>..</HostId></Error>; no body for HEAD requests and 304.
Response rest_xml_error(const ApiError& error, std::string_view request_id, bool head);

// Parses an RFC 7231 HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"); nullopt when malformed.
std::optional<TimePoint> parse_rfc1123(std::string_view text);

}  // namespace freshet::http
