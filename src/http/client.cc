#include "http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>

namespace freshet::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

struct Client::Impl {
    // Runs one asynchronous operation to completion; tcp_stream's expiry enforces timeout.
    template <class Start>
    error_code run(Start start) {
        error_code result;
        start([&result](error_code ec, auto&&...) { result = ec; });
        ioc.restart();
        ioc.run();
        return result;
    }
    error_code connect();
    error_code read_response(bool head, Response& out);

    std::string host;
    uint16_t port;
    std::chrono::milliseconds timeout;
    asio::io_context ioc;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
};

error_code Client::Impl::connect() {
    tcp::resolver resolver(ioc);
    error_code ec;
    auto endpoints = resolver.resolve(host, std::to_string(port), ec);
    if (ec) return ec;
    stream.emplace(ioc);
    buffer.consume(buffer.size());
    stream->expires_after(timeout);
    ec = run([&](auto handler) { stream->async_connect(endpoints, handler); });
    if (ec) stream.reset();
    return ec;
}

error_code Client::Impl::read_response(bool head, Response& out) {
    for (;;) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(boost::none);
        parser.header_limit(1024 * 1024);
        parser.skip(head);  // a HEAD answer has a Content-Length but no body
        stream->expires_after(timeout);
        if (auto ec = run([&](auto h) { bhttp::async_read(*stream, buffer, parser, h); })) {
            return ec;
        }
        auto message = parser.release();
        if (message.result_int() / 100 == 1) continue;  // interim, e.g. 100 Continue
        out.status = static_cast<int>(message.result_int());
        for (const auto& field : message) {
            out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
        }
        out.body = std::move(message.body());
        if (!message.keep_alive()) stream.reset();
        return {};
    }
}

Client::Client(std::string host, uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
    impl_->host = std::move(host);
    impl_->port = port;
    impl_->timeout = timeout;
}

Client::~Client() = default;

void Client::close() {
    impl_->stream.reset();
}

Result<Response> Client::send(const std::string& method, const std::string& target,
                              std::vector<Header> headers, std::string body) {
    bhttp::request<bhttp::string_body> request;
    request.method_string(method);
    request.target(target);
    request.version(11);
    bool has_host = false;
    for (const auto& h : headers) {
        if (iequals(h.name, "Content-Length")) continue;
        has_host = has_host || iequals(h.name, "Host");
        request.insert(h.name, h.value);
    }
    if (!has_host) request.set(bhttp::field::host, impl_->host + ":" + std::to_string(impl_->port));
    request.content_length(body.size());
    request.body() = std::move(body);
    const bool head = method == "HEAD";

    for (int attempt = 0;; ++attempt) {
        const bool reused = impl_->stream.has_value();
        if (!reused) {
            if (auto ec = impl_->connect()) return ApiError::internal(ec.message());
        }
        impl_->stream->expires_after(impl_->timeout);
        auto ec = impl_->run([&](auto h) { bhttp::async_write(*impl_->stream, request, h); });
        Response response;
        if (!ec) ec = impl_->read_response(head, response);
        if (!ec) return response;
        impl_->stream.reset();
        // Only a kept-alive connection the server closed meanwhile is worth one retry: the
        // write fails or the read sees EOF/reset before any answer. Never retry timeouts.
        if (!reused || attempt > 0 || ec == beast::error::timeout) {
            return ApiError::internal(ec.message());
        }
    }
}

// --- parse_endpoint -----------------------------------------------------------------------

namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool valid_host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_';
}

}  // namespace

Result<Endpoint> parse_endpoint(std::string_view url) {
    const auto invalid = [&](std::string_view why) {
        return ApiError{"InvalidEndpoint",
                        "Invalid endpoint: " + std::string(url) + " (" + std::string(why) + ")"};
    };
    if (starts_with_nocase(url, "https://")) return invalid("https is not supported");
    if (!starts_with_nocase(url, "http://")) return invalid("expected http://host:port");
    std::string_view rest = url.substr(7);
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    if (rest.find_first_of("/?#@") != std::string_view::npos) {
        return invalid("expected no path, query or user info");
    }
    Endpoint endpoint;
    std::string_view port_text;
    if (!rest.empty() && rest.front() == '[') {  // IPv6 literal
        const auto close = rest.find(']');
        if (close == std::string_view::npos) return invalid("unterminated '['");
        endpoint.host = std::string(rest.substr(1, close - 1));
        rest.remove_prefix(close + 1);
        if (!rest.empty() && rest.front() != ':') return invalid("junk after ']'");
        if (!rest.empty()) port_text = rest.substr(1);
        if (endpoint.host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string::npos) {
            return invalid("bad IPv6 address");
        }
    } else {
        const auto colon = rest.find(':');
        endpoint.host = std::string(rest.substr(0, colon));
        if (colon != std::string_view::npos) port_text = rest.substr(colon + 1);
        for (char c : endpoint.host) {
            if (!valid_host_char(c)) return invalid("bad host");
        }
    }
    if (endpoint.host.empty()) return invalid("missing host");
    if (rest.find(':') != std::string_view::npos) {
        if (port_text.empty() || port_text.size() > 5 ||
            port_text.find_first_not_of("0123456789") != std::string_view::npos) {
            return invalid("bad port");
        }
        const int port = std::stoi(std::string(port_text));
        if (port < 1 || port > 65535) return invalid("port out of range");
        endpoint.port = static_cast<uint16_t>(port);
    }
    return endpoint;
}

}  // namespace freshet::http
