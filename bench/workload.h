// The load generator's workload table and request building. Adding a workload is one entry
// in kWorkloads (workload.cc): method, path, SigV4 service, content type, X-Amz-Target, body.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "iam/sigv4/signer.h"

namespace freshet::bench {

struct Workload {
    std::string_view name;
    std::string_view method;
    std::string_view path;
    std::string_view service;       // SigV4 service; empty = send unsigned (baselines)
    std::string_view content_type;  // empty = no body headers
    std::string_view target;        // X-Amz-Target for JSON protocols; empty = none
    std::string_view body;
};

const Workload* find_workload(std::string_view name);
std::string workload_names();  // comma-separated, for --help

// Reads [profile] from an AWS-style INI credentials file; nullopt when missing or incomplete.
std::optional<iam::sigv4::Credentials> read_credentials(const std::string& file,
                                                        const std::string& profile);

// The complete HTTP/1.1 request bytes (keep-alive), signed at `now` when the workload has a
// service. Pre-serialised once and re-sent as is, so signing is off the per-request path.
std::string build_request(const Workload& w, const std::string& host_port,
                          const iam::sigv4::Credentials& creds, const std::string& region,
                          TimePoint now);

}  // namespace freshet::bench
