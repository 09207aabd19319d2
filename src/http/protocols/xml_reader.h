// A small XML DOM for request bodies (S3's CompleteMultipartUpload, Delete,
// CreateBucketConfiguration), parsed with expat. Namespace prefixes are dropped from element
// names; attributes are ignored (AWS's request documents carry only xmlns).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace freshet::http {

struct XmlNode {
    std::string name;  // local name, without a namespace prefix
    std::string text;  // concatenated character data directly inside this element
    std::vector<XmlNode> children;

    // The first child with that name, or nullptr.
    const XmlNode* child(std::string_view child_name) const;
};

// The document's root element; nullopt when the text is not well-formed XML.
std::optional<XmlNode> parse_xml(std::string_view text);

}  // namespace freshet::http
