// A minimal XML writer for AWS's XML replies (query protocol, S3). Escapes text and
// attribute values; writes no whitespace between elements, as AWS does.
#pragma once

#include <string>
#include <string_view>

namespace freshet::http {

std::string xml_escape(std::string_view text);

class XmlWriter {
  public:
    XmlWriter() { out_ = R"(<?xml version="1.0" encoding="UTF-8"?>)"; }
    void open(std::string_view name, std::string_view xmlns = {});
    void close(std::string_view name);
    void element(std::string_view name, std::string_view text);
    // Escaped character data inside the open element.
    void text(std::string_view text);
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

}  // namespace freshet::http
