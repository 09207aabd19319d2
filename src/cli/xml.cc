#include "cli/xml.h"

namespace freshet::cli {

Result<XmlNode> parse_reply(std::string_view text) {
    auto root = http::parse_xml(text);
    if (!root) return ApiError::internal("the server's reply is not XML: " + std::string(text));
    return std::move(*root);
}

const XmlNode* find_path(const XmlNode& node, std::string_view path) {
    const XmlNode* at = &node;
    while (at && !path.empty()) {
        size_t slash = path.find('/');
        at = at->child(path.substr(0, slash));
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    }
    return at;
}

std::string text_at(const XmlNode& node, std::string_view path) {
    const XmlNode* at = find_path(node, path);
    return at ? at->text : std::string();
}

std::vector<const XmlNode*> members_at(const XmlNode& node, std::string_view path) {
    std::vector<const XmlNode*> out;
    if (const XmlNode* list = find_path(node, path)) {
        for (const auto& c : list->children)
            if (c.name == "member") out.push_back(&c);
    }
    return out;
}

std::optional<ApiError> xml_error(std::string_view body, int status) {
    auto root = http::parse_xml(body);
    if (!root) return std::nullopt;
    const XmlNode* error = root->name == "Error" ? &*root : root->child("Error");
    if (!error || !error->child("Code")) return std::nullopt;
    return ApiError{text_at(*error, "Code"), text_at(*error, "Message"), status};
}

}  // namespace freshet::cli
