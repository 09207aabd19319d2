#include "visibility.h"

#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>

#include "workload.h"

namespace freshet::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kGiveUp = std::chrono::seconds(2);  // a record not visible by then is an error

uint64_t ns_since(SteadyTime t) {
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t).count());
}

// The string value of "key" in a flat JSON text; nullopt when absent. Kinesis iterators and
// sequence numbers hold no characters that JSON escapes.
std::optional<std::string> json_string(std::string_view body, std::string_view key) {
    std::string needle = "\"" + std::string(key) + "\":\"";
    auto at = body.find(needle);
    if (at == std::string_view::npos) return std::nullopt;
    at += needle.size();
    auto end = body.find('"', at);
    if (end == std::string_view::npos) return std::nullopt;
    return std::string(body.substr(at, end - at));
}

class Connection {
  public:
    explicit Connection(const sockaddr_in& addr) : addr_(addr) {}
    ~Connection() { close_fd(); }

    // Sends `req` and reads one response; false on any transport or parse failure (the
    // connection is reopened on the next call).
    bool exchange(const std::string& req, int& status, std::string& body) {
        if (fd_ < 0 && !open_fd()) return false;
        for (size_t sent = 0; sent < req.size();) {
            ssize_t n = ::send(fd_, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return close_fd();
            sent += static_cast<size_t>(n);
        }
        std::string in;
        Response r;
        char buf[16384];
        while (true) {
            Parse p = parse_response(in, r);
            if (p == Parse::Bad) return close_fd();
            if (p == Parse::Done) break;
            ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) return close_fd();
            in.append(buf, static_cast<size_t>(n));
        }
        status = r.status;
        body = in.substr(r.body, r.length - r.body);
        if (r.close) close_fd();
        return true;
    }

  private:
    bool open_fd() {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(fd_, reinterpret_cast<const sockaddr*>(&addr_), sizeof addr_) != 0) {
            return close_fd();
        }
        int one = 1;
        setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        return true;
    }
    bool close_fd() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
        return false;
    }

    sockaddr_in addr_;
    int fd_ = -1;
};

class Visibility {
  public:
    explicit Visibility(const VisibilityConfig& cfg) : cfg_(cfg), conn_(cfg.addr) {}

    VisibilityResult run() {
        iterator_ = call("GetShardIterator",
                         R"({"StreamName":")" + cfg_.stream +
                             R"(","ShardId":"shardId-000000000000","ShardIteratorType":"LATEST"})",
                         "ShardIterator");
        if (iterator_.empty()) return std::move(result_);
        const std::string put_body = R"({"StreamName":")" + cfg_.stream +
                                     R"(","PartitionKey":"pk","Data":")" + record_data_base64() +
                                     "\"}";
        while (Clock::now() < cfg_.stop_at) one_record(put_body);
        return std::move(result_);
    }

  private:
    void one_record(const std::string& put_body) {
        auto started = Clock::now();
        bool measured = started >= cfg_.measure_from;
        std::string seq = call("PutRecord", put_body, "SequenceNumber");
        if (seq.empty()) return;
        if (measured) result_.put.record(ns_since(started));
        while (Clock::now() - started < kGiveUp) {
            if (measured) ++result_.polls;
            std::string body;
            std::string next = call("GetRecords", R"({"ShardIterator":")" + iterator_ + "\"}",
                                    "NextShardIterator", &body);
            if (next.empty()) return;
            iterator_ = next;
            if (body.find("\"SequenceNumber\":\"" + seq + "\"") != std::string::npos) {
                if (measured) {
                    result_.visible.record(ns_since(started));
                    ++result_.records;
                }
                return;
            }
        }
        ++result_.errors;  // not visible within kGiveUp
    }

    // Signs and sends one Kinesis call; returns the string field `want` of the 2xx response,
    // or "" after counting the failure.
    std::string call(std::string_view action, const std::string& body, std::string_view want,
                     std::string* response = nullptr) {
        std::string req =
            serialise_request("POST", "/", "kinesis", "application/x-amz-json-1.1",
                              "Kinesis_20131202." + std::string(action), body, cfg_.host_port,
                              cfg_.creds, cfg_.region, std::chrono::system_clock::now());
        int status = 0;
        std::string resp;
        if (!conn_.exchange(req, status, resp)) {
            ++result_.errors;
            return "";
        }
        if (status < 200 || status >= 300) {
            ++result_.non_2xx;
            return "";
        }
        auto value = json_string(resp, want);
        if (!value || value->empty()) {
            ++result_.unexpected;
            return "";
        }
        if (response != nullptr) *response = std::move(resp);
        return *value;
    }

    const VisibilityConfig& cfg_;
    Connection conn_;
    std::string iterator_;
    VisibilityResult result_;
};

}  // namespace

VisibilityResult run_visibility(const VisibilityConfig& cfg) {
    return Visibility(cfg).run();
}

}  // namespace freshet::bench
