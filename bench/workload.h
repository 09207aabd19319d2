// The load generator's workload table and request building. Adding a workload is one entry
// in workloads() (workload.cc): method, path, SigV4 service, content type, X-Amz-Target, body.
// The streams and tables the workloads name are created by bench/setup.py.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iam/sigv4/signer.h"

namespace freshet::bench {

// In a body, replaced by the connection's index, so that each connection writes its own key.
inline constexpr std::string_view kConnToken = "{conn}";

struct Workload {
    std::string name;
    std::string method;
    std::string path;
    std::string service;       // SigV4 service; empty = send unsigned (baselines)
    std::string content_type;  // empty = no body headers
    std::string target;        // X-Amz-Target for JSON protocols; empty = none
    std::string body;          // may contain kConnToken
    // A 2xx response whose body lacks this text is counted as unexpected (e.g. GetItem without
    // an Item): a benchmark of wrong answers is as worthless as one of errors. Empty = any.
    std::string expect;
    size_t payload_bytes = 0;  // record data or item bytes per request, for payload MB/s

    bool per_connection() const { return body.find(kConnToken) != std::string::npos; }
};

const Workload* find_workload(std::string_view name);
std::string workload_names();  // comma-separated, for --help

// Reads [profile] from an AWS-style INI credentials file; nullopt when missing or incomplete.
std::optional<iam::sigv4::Credentials> read_credentials(const std::string& file,
                                                        const std::string& profile);

// The complete HTTP/1.1 request bytes (keep-alive), signed at `now` when the workload has a
// service, with kConnToken replaced by `conn`. Pre-serialised and re-sent as is, so signing is
// off the per-request path.
std::string build_request(const Workload& w, const std::string& host_port,
                          const iam::sigv4::Credentials& creds, const std::string& region,
                          TimePoint now, int conn = 0);

// Signs and serialises one request with the given parts (used for requests whose body changes
// every time, such as GetRecords with the latest iterator).
std::string serialise_request(std::string_view method, std::string_view path,
                              std::string_view service, std::string_view content_type,
                              std::string_view target, std::string_view body,
                              const std::string& host_port, const iam::sigv4::Credentials& creds,
                              const std::string& region, TimePoint now);

// 1 KiB of record data, base64-encoded as the Kinesis JSON protocol sends it.
std::string record_data_base64();

}  // namespace freshet::bench
