// RequestView: the parts of an HTTP request SigV4 reads, borrowed from the caller.
//
// Contract: a view does not own anything; the strings and the header vector must outlive every
// call that receives it. Header names keep the case they were received in; lookups are
// case-insensitive. Thread-safe to read from several threads at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/header.h"

namespace freshet::iam::sigv4 {

using Header = ::freshet::Header;

struct RequestView {
    std::string_view method;
    std::string_view path;   // raw path as sent on the wire (still percent-encoded), no query
    std::string_view query;  // raw query string after '?', without the '?'; may be empty
    const std::vector<Header>* headers = nullptr;
    std::string_view body;  // payload; its SHA-256 is used unless x-amz-content-sha256 is given
};

}  // namespace freshet::iam::sigv4
