// P4: put-to-GetRecords visibility with one client. Puts one 1 KiB record, then polls
// GetRecords on a shard iterator (kept across records, as a consumer would) until the record
// appears, and records the time from sending the put to receiving the GetRecords response that
// holds it. One blocking keep-alive connection; each request is signed when sent.
#pragma once

#include <netinet/in.h>

#include <string>

#include "client.h"
#include "iam/sigv4/signer.h"

namespace freshet::bench {

struct VisibilityConfig {
    sockaddr_in addr{};
    std::string host_port;
    iam::sigv4::Credentials creds;
    std::string region;
    std::string stream = "bench-visibility";  // 1 shard, created by bench/setup.py
    SteadyTime measure_from;                  // puts started earlier are warm-up
    SteadyTime stop_at;
};

struct VisibilityResult {
    Histogram visible;  // put sent -> GetRecords response holding the record
    Histogram put;      // PutRecord round trip alone
    uint64_t records = 0;
    uint64_t polls = 0;   // GetRecords calls for the measured records
    uint64_t errors = 0;  // transport failures, and records not seen within 2 s
    uint64_t non_2xx = 0;
    uint64_t unexpected = 0;  // 2xx without the field the next step needs
};

VisibilityResult run_visibility(const VisibilityConfig& cfg);

}  // namespace freshet::bench
