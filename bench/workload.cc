#include "workload.h"

#include <fstream>
#include <vector>

namespace freshet::bench {
namespace {

constexpr Workload kWorkloads[] = {
    {"sts-get-caller-identity", "POST", "/", "sts", "application/x-www-form-urlencoded", "",
     "Action=GetCallerIdentity&Version=2011-06-15"},
    // The HTTP ceiling: nginx `return 200`, unsigned like wrk's plain GET.
    {"nginx-get", "GET", "/", "", "", "", ""},
    {"kinesis-list-streams", "POST", "/", "kinesis", "application/x-amz-json-1.1",
     "Kinesis_20131202.ListStreams", "{}"},
    {"dynamodb-list-tables", "POST", "/", "dynamodb", "application/x-amz-json-1.0",
     "DynamoDB_20120810.ListTables", "{}"},
};

std::string trim(std::string s) {
    auto b = s.find_first_not_of(" \t\r");
    auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

const Workload* find_workload(std::string_view name) {
    for (const auto& w : kWorkloads) {
        if (w.name == name) return &w;
    }
    return nullptr;
}

std::string workload_names() {
    std::string out;
    for (const auto& w : kWorkloads) {
        if (!out.empty()) out += ", ";
        out += w.name;
    }
    return out;
}

std::optional<iam::sigv4::Credentials> read_credentials(const std::string& file,
                                                        const std::string& profile) {
    std::ifstream in(file);
    if (!in) return std::nullopt;
    iam::sigv4::Credentials c;
    bool in_profile = false;
    for (std::string line; std::getline(in, line);) {
        line = trim(line);
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        if (line.front() == '[') {
            in_profile = line == "[" + profile + "]";
            continue;
        }
        auto eq = line.find('=');
        if (!in_profile || eq == std::string::npos) continue;
        std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
        if (key == "aws_access_key_id") c.access_key_id = value;
        if (key == "aws_secret_access_key") c.secret_access_key = value;
        if (key == "aws_session_token") c.session_token = value;
    }
    if (c.access_key_id.empty() || c.secret_access_key.empty()) return std::nullopt;
    return c;
}

std::string build_request(const Workload& w, const std::string& host_port,
                          const iam::sigv4::Credentials& creds, const std::string& region,
                          TimePoint now) {
    std::vector<Header> headers{{"host", host_port}};
    if (!w.content_type.empty()) headers.push_back({"content-type", std::string(w.content_type)});
    if (!w.target.empty()) headers.push_back({"x-amz-target", std::string(w.target)});
    if (!w.service.empty()) {
        iam::sigv4::sign(w.method, w.path, "", headers, w.body, creds, region, w.service, now);
    }
    std::string req;
    req.append(w.method).append(" ").append(w.path).append(" HTTP/1.1\r\n");
    for (const auto& h : headers) req.append(h.name).append(": ").append(h.value).append("\r\n");
    // Content-Length stays out of the signed set, as botocore does.
    if (!w.body.empty() || w.method == "POST") {
        req.append("content-length: ").append(std::to_string(w.body.size())).append("\r\n");
    }
    req.append("\r\n").append(w.body);
    return req;
}

}  // namespace freshet::bench
