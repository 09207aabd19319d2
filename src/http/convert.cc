#include "http/convert.h"

#include <ctime>
#include <optional>

namespace freshet::http::detail {

namespace http = boost::beast::http;

Request to_request_head(const http::request_header<>& header, const std::string& remote_address) {
    Request request;
    request.method = std::string(header.method_string());
    request.target = std::string(header.target());
    const auto q = request.target.find('?');
    request.path = request.target.substr(0, q);
    if (q != std::string::npos) request.query = request.target.substr(q + 1);
    request.headers.reserve(std::distance(header.begin(), header.end()));
    for (const auto& field : header) {
        request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    request.remote_address = remote_address;
    return request;
}

Request to_request(BeastRequest&& message, const std::string& remote_address) {
    Request request = to_request_head(message.base(), remote_address);
    request.body = std::move(message.body());
    return request;
}

bool carries_body(int status, bool head) {
    // RFC 9110: these never carry content, nor a Content-Length we would then violate.
    return !head && status >= 200 && status != 204 && status != 304;
}

std::shared_ptr<BeastResponse> to_beast(Response&& response, unsigned version, bool head,
                                        bool& keep_alive, std::optional<uint64_t> streamed_length) {
    auto out = std::make_shared<BeastResponse>();
    out->version(version);
    // A handler bug must not produce an unparseable status line.
    const int status = (response.status >= 100 && response.status <= 999) ? response.status : 500;
    out->result(static_cast<unsigned>(status));
    bool has_date = false;
    bool has_server = false;
    std::optional<std::string> head_length;
    for (auto& h : response.headers) {
        if (iequals(h.name, "Content-Length")) {
            if (head) head_length = std::move(h.value);
            continue;  // otherwise always computed from the body below
        }
        if (iequals(h.name, "Transfer-Encoding")) continue;  // we always send a length
        if (iequals(h.name, "Connection")) {
            if (iequals(h.value, "close")) keep_alive = false;
            continue;  // set by keep_alive() below, matching the HTTP version
        }
        has_date = has_date || iequals(h.name, "Date");
        has_server = has_server || iequals(h.name, "Server");
        out->insert(h.name, h.value);
    }
    if (!has_date) out->set(http::field::date, http_date(std::chrono::system_clock::now()));
    if (!has_server) out->set(http::field::server, "Freshet");
    if (!carries_body(status, false)) {
        // Neither content nor a Content-Length.
    } else if (streamed_length) {
        out->content_length(*streamed_length);  // the body follows in pieces (or not, for HEAD)
    } else if (head) {
        out->set(http::field::content_length,
                 head_length ? *head_length : std::to_string(response.body.size()));
    } else {
        out->content_length(response.body.size());
        out->body() = std::move(response.body);
    }
    out->keep_alive(keep_alive);
    return out;
}

std::string http_date(std::chrono::system_clock::time_point when) {
    // Spelled out rather than strftime("%a"), which follows the locale.
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    // Every response carries the date, which changes once a second; glibc's gmtime_r takes
    // the time zone lock on each call.
    thread_local std::time_t cached_t = -1;
    thread_local std::string cached;
    if (t == cached_t) return cached;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                  tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    cached_t = t;
    cached = buf;
    return cached;
}

}  // namespace freshet::http::detail
