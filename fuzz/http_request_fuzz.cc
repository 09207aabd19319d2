// The HTTP request reader: Beast's parser with Freshet's limits, then the conversion into a
// Request, on arbitrary bytes.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "http/convert.h"

namespace beast = boost::beast;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    beast::http::request_parser<beast::http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(1024 * 1024);
    beast::error_code ec;
    // Feed the bytes as a socket would: put() takes the header first, then the body.
    size_t offset = 0;
    while (!ec && !parser.is_done() && offset < size) {
        size_t used = parser.put(boost::asio::buffer(data + offset, size - offset), ec);
        if (used == 0) break;
        offset += used;
    }
    if (!ec && !parser.is_done() && parser.need_eof()) parser.put_eof(ec);
    if (!ec && parser.is_done()) {
        auto req = freshet::http::detail::to_request(parser.release(), "127.0.0.1");
        (void)req.header("Host");
    }
    return 0;
}
