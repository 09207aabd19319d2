#include "http/protocols/xml_writer.h"

namespace freshet::http {

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            case '\r':
                out += "&#xD;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

void XmlWriter::open(std::string_view name, std::string_view xmlns) {
    out_ += '<';
    out_ += name;
    if (!xmlns.empty()) {
        out_ += " xmlns=\"";
        out_ += xml_escape(xmlns);
        out_ += '"';
    }
    out_ += '>';
}

void XmlWriter::close(std::string_view name) {
    out_ += "</";
    out_ += name;
    out_ += '>';
}

void XmlWriter::element(std::string_view name, std::string_view text) {
    open(name);
    out_ += xml_escape(text);
    close(name);
}

void XmlWriter::text(std::string_view text) {
    out_ += xml_escape(text);
}

}  // namespace freshet::http
