#include "http/message.h"

namespace freshet::http {

namespace {

const std::string* find_header(const std::vector<Header>& headers, std::string_view name) {
    for (const auto& h : headers) {
        if (iequals(h.name, name)) return &h.value;
    }
    return nullptr;
}

}  // namespace

const std::string* Request::header(std::string_view name) const {
    return find_header(headers, name);
}

const std::string* Response::header(std::string_view name) const {
    return find_header(headers, name);
}

}  // namespace freshet::http
