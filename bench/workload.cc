#include "workload.h"

#include <fstream>

namespace freshet::bench {
namespace {

constexpr size_t kRecordBytes = 1024;    // P2, P3: 1 KiB records
constexpr int kBatchRecords = 500;       // P3: PutRecords of 500 records
constexpr size_t kItemDataBytes = 1024;  // P8: 1 KiB items

std::string base64(const std::string& in) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
    }
    if (i < in.size()) {
        uint32_t v = uint8_t(in[i]) << 16;
        if (i + 1 < in.size()) v |= uint8_t(in[i + 1]) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

// Printable, not all one character, so nothing along the way can shortcut it.
std::string item_data() {
    std::string s(kItemDataBytes, 'a');
    for (size_t i = 0; i < s.size(); ++i) s[i] = static_cast<char>('a' + (i * 7) % 26);
    return s;
}

// A POST of the JSON protocol: Kinesis speaks amz-json 1.1, DynamoDB 1.0.
Workload json_action(std::string name, std::string_view service, std::string_view action,
                     std::string body, std::string expect, size_t payload) {
    const bool kinesis = service == "kinesis";
    Workload w{std::move(name),   "POST", "/", std::string(service), "", "", std::move(body),
               std::move(expect), payload};
    w.content_type = kinesis ? "application/x-amz-json-1.1" : "application/x-amz-json-1.0";
    w.target = (kinesis ? "Kinesis_20131202." : "DynamoDB_20120810.") + std::string(action);
    return w;
}

Workload kinesis(std::string name, std::string_view action, std::string body, std::string expect,
                 size_t payload) {
    return json_action(std::move(name), "kinesis", action, std::move(body), std::move(expect),
                       payload);
}

Workload dynamodb(std::string name, std::string_view action, std::string body, std::string expect,
                  size_t payload) {
    return json_action(std::move(name), "dynamodb", action, std::move(body), std::move(expect),
                       payload);
}

std::vector<Workload> make_workloads() {
    const std::string data = record_data_base64();
    std::string batch = R"({"StreamName":"bench","Records":[)";
    for (int i = 0; i < kBatchRecords; ++i) {
        if (i > 0) batch += ',';
        batch += R"({"Data":")" + data + R"(","PartitionKey":"pk-)" + std::to_string(i) + "\"}";
    }
    batch += "]}";
    const std::string item = item_data();
    return {
        {"sts-get-caller-identity", "POST", "/", "sts", "application/x-www-form-urlencoded", "",
         "Action=GetCallerIdentity&Version=2011-06-15", "GetCallerIdentityResult", 0},
        // The HTTP ceiling: nginx `return 200`, unsigned like wrk's plain GET.
        {"nginx-get", "GET", "/", "", "", "", "", "", 0},
        kinesis("kinesis-list-streams", "ListStreams", "{}", "StreamNames", 0),
        dynamodb("dynamodb-list-tables", "ListTables", "{}", "TableNames", 0),
        // P2: one 1 KiB record per request into stream "bench" (1 shard).
        kinesis("kinesis-put-record", "PutRecord",
                R"({"StreamName":"bench","PartitionKey":"pk-{conn}","Data":")" + data + "\"}",
                "SequenceNumber", kRecordBytes),
        // P3: 500 records of 1 KiB per request; every record must be accepted.
        kinesis("kinesis-put-records", "PutRecords", batch, "\"FailedRecordCount\":0",
                kBatchRecords * kRecordBytes),
        // P8: table "bench" (hash key pk); each connection writes and reads its own item.
        dynamodb("dynamodb-put-item", "PutItem",
                 R"({"TableName":"bench","Item":{"pk":{"S":"item-{conn}"},"data":{"S":")" + item +
                     "\"}}}",
                 "", kItemDataBytes),
        dynamodb("dynamodb-get-item", "GetItem",
                 R"({"TableName":"bench","Key":{"pk":{"S":"item-{conn}"}}})", "\"Item\"",
                 kItemDataBytes),
        // P9: the 100 items of partition "p" of table "bench-query" (hash pk, range sk).
        dynamodb("dynamodb-query", "Query",
                 R"({"TableName":"bench-query","KeyConditionExpression":"pk = :p",)"
                 R"("ExpressionAttributeValues":{":p":{"S":"p"}}})",
                 "\"Count\":100", 0),
    };
}

const std::vector<Workload>& workloads() {
    static const std::vector<Workload> all = make_workloads();
    return all;
}

std::string trim(std::string s) {
    auto b = s.find_first_not_of(" \t\r");
    auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

std::string record_data_base64() {
    std::string raw(kRecordBytes, '\0');
    for (size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<char>((i * 131 + 7) & 0xff);
    return base64(raw);
}

const Workload* find_workload(std::string_view name) {
    for (const auto& w : workloads()) {
        if (w.name == name) return &w;
    }
    return nullptr;
}

std::string workload_names() {
    std::string out;
    for (const auto& w : workloads()) {
        if (!out.empty()) out += ", ";
        out += w.name;
    }
    return out + ", kinesis-visibility";
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

std::string serialise_request(std::string_view method, std::string_view path,
                              std::string_view service, std::string_view content_type,
                              std::string_view target, std::string_view body,
                              const std::string& host_port, const iam::sigv4::Credentials& creds,
                              const std::string& region, TimePoint now) {
    std::vector<Header> headers{{"host", host_port}};
    if (!content_type.empty()) headers.push_back({"content-type", std::string(content_type)});
    if (!target.empty()) headers.push_back({"x-amz-target", std::string(target)});
    if (!service.empty()) {
        iam::sigv4::sign(method, path, "", headers, body, creds, region, service, now);
    }
    std::string req;
    req.append(method).append(" ").append(path).append(" HTTP/1.1\r\n");
    for (const auto& h : headers) req.append(h.name).append(": ").append(h.value).append("\r\n");
    // Content-Length stays out of the signed set, as botocore does.
    if (!body.empty() || method == "POST") {
        req.append("content-length: ").append(std::to_string(body.size())).append("\r\n");
    }
    req.append("\r\n").append(body);
    return req;
}

std::string build_request(const Workload& w, const std::string& host_port,
                          const iam::sigv4::Credentials& creds, const std::string& region,
                          TimePoint now, int conn) {
    std::string body = w.body;
    for (auto at = body.find(kConnToken); at != std::string::npos; at = body.find(kConnToken)) {
        body.replace(at, kConnToken.size(), std::to_string(conn));
    }
    return serialise_request(w.method, w.path, w.service, w.content_type, w.target, body, host_port,
                             creds, region, now);
}

}  // namespace freshet::bench
