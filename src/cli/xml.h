// Reading the XML replies of the query-protocol services (CloudFormation, STS) and of S3.
// The element tree is the server's own expat-based one (http/protocols/xml_reader.h), so the
// client and the server read XML the same way; this adds the lookups the CLI needs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/protocols/xml_reader.h"

namespace freshet::cli {

using XmlNode = http::XmlNode;

// The reply's root element; InternalFailure "the server's reply is not XML: ..." otherwise.
Result<XmlNode> parse_reply(std::string_view text);

// The element at a '/'-separated path of child names below `node` ("DescribeStacksResult/
// Stacks"), or nullptr. An empty path is `node` itself.
const XmlNode* find_path(const XmlNode& node, std::string_view path);
// The text of the element at `path`; "" when it is absent.
std::string text_at(const XmlNode& node, std::string_view path);
// The <member> children of the element at `path` (the query protocol's lists), in order.
std::vector<const XmlNode*> members_at(const XmlNode& node, std::string_view path);

// The error an XML error reply carries: the query protocol's <ErrorResponse><Error><Code>
// <Message>, or S3's <Error><Code><Message>. nullopt when `body` is not one.
std::optional<ApiError> xml_error(std::string_view body, int status);

}  // namespace freshet::cli
