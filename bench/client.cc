#include "client.h"

#include <fcntl.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string_view>
#include <vector>

namespace freshet::bench {
namespace {

struct Conn {
    int fd = -1;
    size_t sent = 0;        // bytes of the current request already written
    bool want_out = false;  // EPOLLOUT registered
    std::string in;
    SteadyTime started;
    // The request being sent; held so that re-signing mid-send cannot change its bytes.
    std::shared_ptr<const std::string> request;
};

class Client {
  public:
    explicit Client(const ClientConfig& cfg) : cfg_(cfg), conns_(cfg.connections) {
        epfd_ = epoll_create1(0);
        resign(std::chrono::steady_clock::now());
    }
    ~Client() {
        for (auto& c : conns_) close_conn(c);
        close(epfd_);
    }

    ThreadResult run() {
        for (auto& c : conns_) open_and_send(c);
        std::vector<epoll_event> events(conns_.size());
        while (true) {
            auto now = std::chrono::steady_clock::now();
            if (now >= cfg_.stop_at) break;
            if (now - signed_at_ >= cfg_.resign_every) resign(now);
            int n = epoll_wait(epfd_, events.data(), static_cast<int>(events.size()), 10);
            for (int i = 0; i < n; ++i) on_event(conns_[events[i].data.u32], events[i].events);
        }
        return std::move(result_);
    }

  private:
    void resign(SteadyTime now) {
        requests_.resize(cfg_.per_connection ? conns_.size() : 1);
        for (size_t i = 0; i < requests_.size(); ++i) {
            requests_[i] = std::make_shared<const std::string>(
                cfg_.make_request(cfg_.first_conn + static_cast<int>(i)));
        }
        signed_at_ = now;
    }

    const std::shared_ptr<const std::string>& request_for(const Conn& c) const {
        return cfg_.per_connection ? requests_[static_cast<size_t>(&c - conns_.data())]
                                   : requests_[0];
    }

    void close_conn(Conn& c) {
        if (c.fd >= 0) close(c.fd);
        c.fd = -1;
        c.want_out = false;
    }

    // Loopback connect is immediate, so a blocking connect keeps this simple.
    void open_and_send(Conn& c) {
        close_conn(c);
        c.fd = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(c.fd, reinterpret_cast<const sockaddr*>(&cfg_.addr), sizeof cfg_.addr) != 0) {
            ++result_.errors;
            close_conn(c);
            return;  // this connection drops out; errors show it in the report
        }
        int one = 1;
        setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
        epoll_event ev{EPOLLIN, {}};
        ev.data.u32 = static_cast<uint32_t>(&c - conns_.data());
        epoll_ctl(epfd_, EPOLL_CTL_ADD, c.fd, &ev);
        send_request(c);
    }

    void send_request(Conn& c) {
        c.sent = 0;
        c.in.clear();
        c.request = request_for(c);
        c.started = std::chrono::steady_clock::now();
        write_more(c);
    }

    void write_more(Conn& c) {
        const std::string& req = *c.request;
        while (c.sent < req.size()) {
            ssize_t n = ::send(c.fd, req.data() + c.sent, req.size() - c.sent, MSG_NOSIGNAL);
            if (n < 0 && errno == EAGAIN) break;
            if (n <= 0) return fail(c);
            c.sent += static_cast<size_t>(n);
        }
        // Only watch for writability while a request is partly sent (small ones never are),
        // so the common path costs no epoll_ctl.
        bool want_out = c.sent < req.size();
        if (want_out == c.want_out) return;
        epoll_event ev{want_out ? EPOLLIN | EPOLLOUT : EPOLLIN, {}};
        ev.data.u32 = static_cast<uint32_t>(&c - conns_.data());
        epoll_ctl(epfd_, EPOLL_CTL_MOD, c.fd, &ev);
        c.want_out = want_out;
    }

    void fail(Conn& c) {
        ++result_.errors;
        open_and_send(c);
    }

    void on_event(Conn& c, uint32_t events) {
        if (c.fd < 0) return;
        if (events & EPOLLOUT) write_more(c);
        if (!(events & (EPOLLIN | EPOLLERR | EPOLLHUP))) return;
        char buf[16384];
        while (true) {
            ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
            if (n < 0 && errno == EAGAIN) break;
            if (n <= 0) return fail(c);  // closed before a complete response
            c.in.append(buf, static_cast<size_t>(n));
            if (static_cast<size_t>(n) < sizeof buf) break;
        }
        Response r;
        Parse p = parse_response(c.in, r);
        if (p == Parse::Incomplete) return;
        if (p == Parse::Bad) return fail(c);
        complete(c, r);
    }

    void complete(Conn& c, const Response& r) {
        auto now = std::chrono::steady_clock::now();
        if (now >= cfg_.measure_from && now < cfg_.stop_at) {
            if (r.status >= 200 && r.status < 300 && !cfg_.expect.empty() &&
                std::string_view(c.in).substr(r.body, r.length - r.body).find(cfg_.expect) ==
                    std::string_view::npos) {
                ++result_.unexpected;
            } else if (r.status >= 200 && r.status < 300) {
                ++result_.ok;
                result_.latency.record(static_cast<uint64_t>(
                    std::chrono::duration_cast<std::chrono::nanoseconds>(now - c.started).count()));
            } else {
                ++result_.non_2xx;
            }
        }
        if (r.close) return open_and_send(c);
        send_request(c);
    }

    const ClientConfig& cfg_;
    std::vector<Conn> conns_;
    int epfd_ = -1;
    std::vector<std::shared_ptr<const std::string>> requests_;  // one, or one per connection
    SteadyTime signed_at_;
    ThreadResult result_;
};

}  // namespace

Parse parse_response(std::string_view buf, Response& r) {
    auto end = buf.find("\r\n\r\n");
    if (end == std::string_view::npos) return Parse::Incomplete;
    if (buf.size() < 12 || buf.substr(0, 5) != "HTTP/") return Parse::Bad;
    r.status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
    long content_length = -1;
    size_t pos = buf.find("\r\n") + 2;
    while (pos < end) {
        size_t eol = buf.find("\r\n", pos);
        std::string_view line = buf.substr(pos, eol - pos);
        pos = eol + 2;
        auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view name = line.substr(0, colon), value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        auto is = [&](std::string_view n) {
            return name.size() == n.size() && strncasecmp(name.data(), n.data(), n.size()) == 0;
        };
        if (is("content-length")) content_length = std::stol(std::string(value));
        if (is("connection"))
            r.close = value.size() >= 5 && strncasecmp(value.data(), "close", 5) == 0;
    }
    if (content_length < 0) return Parse::Bad;
    r.body = end + 4;
    r.length = r.body + static_cast<size_t>(content_length);
    return buf.size() >= r.length ? Parse::Done : Parse::Incomplete;
}

ThreadResult run_client(const ClientConfig& cfg) {
    return Client(cfg).run();
}

}  // namespace freshet::bench
