// A minimal HTTP/1.1 client over a loopback socket is all the Runtime API needs: one request
// at a time, Content-Length bodies, one keep-alive connection (a new one when the server has
// closed it), as the AWS runtime clients do: a connection per request cost the server as much
// as the invocation itself.
#include "freshet/lambda_runtime.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <string_view>

namespace freshet::lambda {
namespace {

struct Reply {
    int status = 0;
    std::map<std::string, std::string> headers;  // lowercase names
    std::string body;
};

std::string json_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof(buf), "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out;
}

int connect_api() {
    const char* api = std::getenv("AWS_LAMBDA_RUNTIME_API");
    std::string endpoint = api ? api : "127.0.0.1:9001";
    size_t colon = endpoint.rfind(':');
    std::string host = endpoint.substr(0, colon), port = endpoint.substr(colon + 1);
    addrinfo hints{}, *res = nullptr;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0) return -1;
    int fd = socket(res->ai_family, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

bool parse_head(std::string_view head, Reply& r) {
    size_t eol = head.find("\r\n");
    if (head.substr(0, 5) != "HTTP/" || eol == std::string_view::npos) return false;
    r.status = std::atoi(std::string(head.substr(9, 3)).c_str());
    for (size_t pos = eol + 2; pos < head.size();) {
        size_t end = head.find("\r\n", pos);
        std::string_view line = head.substr(pos, end - pos);
        size_t colon = line.find(':');
        if (colon != std::string_view::npos) {
            std::string name(line.substr(0, colon));
            for (char& c : name) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
            size_t v = line.find_first_not_of(' ', colon + 1);
            r.headers[name] = v == std::string_view::npos ? "" : std::string(line.substr(v));
        }
        if (end == std::string_view::npos) break;
        pos = end + 2;
    }
    return true;
}

int api_fd = -1;  // the keep-alive connection; -1: none open

void drop_connection() {
    if (api_fd >= 0) close(api_fd);
    api_fd = -1;
}

// Reads one response from api_fd into `reply`. False when the connection ended first, with
// `nothing` telling whether not a byte had come (the server had closed it while idle).
bool read_reply(Reply& reply, bool& nothing) {
    std::string in;
    char buf[65536];
    size_t split = std::string::npos;
    nothing = true;
    while (split == std::string::npos) {
        ssize_t n = recv(api_fd, buf, sizeof(buf), 0);
        if (n <= 0) return false;
        nothing = false;
        in.append(buf, static_cast<size_t>(n));
        split = in.find("\r\n\r\n");
    }
    if (!parse_head(std::string_view(in).substr(0, split), reply)) return false;
    reply.body = in.substr(split + 4);
    auto length = reply.headers.find("content-length");
    bool closing = reply.headers["connection"] == "close" || length == reply.headers.end();
    if (length != reply.headers.end()) {
        size_t want = std::strtoull(length->second.c_str(), nullptr, 10);
        while (reply.body.size() < want) {
            ssize_t n = recv(api_fd, buf, sizeof(buf), 0);
            if (n <= 0) return false;
            reply.body.append(buf, static_cast<size_t>(n));
        }
    } else {  // no length: the body runs to the end of the connection
        for (ssize_t n; (n = recv(api_fd, buf, sizeof(buf), 0)) > 0;) reply.body.append(buf, n);
    }
    if (closing) drop_connection();
    return true;
}

bool request(const std::string& method, const std::string& path, const std::string& body,
             const std::string& extra_headers, Reply& reply) {
    std::string req =
        method + " /2018-06-01/runtime" + path + " HTTP/1.1\r\nHost: runtime\r\n" +
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n" + extra_headers + "\r\n" + body;
    // A kept connection the server has closed meanwhile fails at once, with nothing read:
    // then once more on a new connection.
    for (int attempt = 0; attempt < 2; ++attempt) {
        bool fresh = api_fd < 0;
        if (fresh && (api_fd = connect_api()) < 0) return false;
        bool nothing = true;
        if (send_all(api_fd, req) && read_reply(reply, nothing)) return true;
        drop_connection();
        if (fresh || !nothing) return false;
        reply = Reply{};
    }
    return false;
}

std::string error_json(const std::string& type, const std::string& message) {
    return "{\"errorType\":\"" + json_escape(type) + "\",\"errorMessage\":\"" +
           json_escape(message) + "\",\"stackTrace\":[]}";
}

}  // namespace

int64_t Invocation::remaining_ms() const {
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    return deadline_ms > now ? deadline_ms - now : 0;
}

int report_init_error(const std::string& type, const std::string& message) {
    Reply r;
    request("POST", "/init/error", error_json(type, message),
            "Lambda-Runtime-Function-Error-Type: " + type + "\r\n", r);
    return 1;
}

int run_handler(const Handler& handler) {
    for (;;) {
        Reply next;
        if (!request("GET", "/invocation/next", "", "", next) || next.status != 200) return 1;
        Invocation inv;
        inv.request_id = next.headers["lambda-runtime-aws-request-id"];
        inv.deadline_ms = std::atoll(next.headers["lambda-runtime-deadline-ms"].c_str());
        inv.function_arn = next.headers["lambda-runtime-invoked-function-arn"];
        inv.trace_id = next.headers["lambda-runtime-trace-id"];
        inv.client_context = next.headers["lambda-runtime-client-context"];
        inv.cognito_identity = next.headers["lambda-runtime-cognito-identity"];
        inv.payload = std::move(next.body);
        Outcome out;
        try {
            out = handler(inv);
        } catch (const std::exception& e) {
            out = Outcome::failure("std::exception", e.what());
        }
        Reply ack;
        if (out.ok) {
            request("POST", "/invocation/" + inv.request_id + "/response", out.payload, "", ack);
        } else {
            request("POST", "/invocation/" + inv.request_id + "/error",
                    error_json(out.error_type, out.error_message),
                    "Lambda-Runtime-Function-Error-Type: " + out.error_type + "\r\n", ack);
        }
    }
}

}  // namespace freshet::lambda
