#include "http/protocols/xml_reader.h"

#include <expat.h>

#include <memory>

namespace freshet::http {
namespace {

// Request documents are small; a deep nesting is an attack, not a request.
constexpr size_t kMaxDepth = 32;

struct State {
    std::vector<XmlNode*> stack;
    XmlNode root;
    bool has_root = false;
    bool failed = false;
};

std::string local_name(const char* name) {
    std::string_view n(name);
    size_t colon = n.rfind(':');
    return std::string(colon == std::string_view::npos ? n : n.substr(colon + 1));
}

void on_start(void* data, const char* name, const char**) {
    auto* s = static_cast<State*>(data);
    if (s->failed) return;
    if (s->stack.size() >= kMaxDepth) {
        s->failed = true;
        return;
    }
    if (s->stack.empty()) {
        s->root.name = local_name(name);
        s->has_root = true;
        s->stack.push_back(&s->root);
        return;
    }
    XmlNode& parent = *s->stack.back();
    parent.children.push_back(XmlNode{local_name(name), {}, {}});
    s->stack.push_back(&parent.children.back());
}

void on_end(void* data, const char*) {
    auto* s = static_cast<State*>(data);
    if (!s->failed && !s->stack.empty()) s->stack.pop_back();
}

void on_text(void* data, const char* text, int len) {
    auto* s = static_cast<State*>(data);
    if (!s->failed && !s->stack.empty()) s->stack.back()->text.append(text, len);
}

}  // namespace

const XmlNode* XmlNode::child(std::string_view child_name) const {
    for (const auto& c : children) {
        if (c.name == child_name) return &c;
    }
    return nullptr;
}

std::optional<XmlNode> parse_xml(std::string_view text) {
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate("UTF-8"),
                                                                   XML_ParserFree);
    if (!parser) return std::nullopt;
    // Children are kept in vectors: pointers into them stay valid only because an element's
    // children are complete before the next sibling is added (depth-first parse).
    State state;
    XML_SetUserData(parser.get(), &state);
    XML_SetElementHandler(parser.get(), on_start, on_end);
    XML_SetCharacterDataHandler(parser.get(), on_text);
    if (XML_Parse(parser.get(), text.data(), static_cast<int>(text.size()), 1) != XML_STATUS_OK ||
        state.failed || !state.has_root)
        return std::nullopt;
    return std::move(state.root);
}

}  // namespace freshet::http
