// `freshet scan TABLE`: pages through a DynamoDB table with Scan over the HTTP API and prints
// one item per line as plain JSON ({"pk": "a", "n": 1.5, "tags": ["x"]}), numbers exactly as
// stored, binaries as "base64:...". --typed prints DynamoDB's typed form instead.
#pragma once

#include <cstdint>
#include <string>

#include "cli/commands.h"

namespace freshet::cli {

struct ScanOptions {
    std::string table;
    int64_t limit = 0;      // stop after this many items; 0: all
    int64_t page_size = 0;  // Scan's Limit per request; 0: DynamoDB's default (1 MB pages)
    bool typed = false;
};

// Returns the process exit code; a summary ("N items in M pages") goes to stderr.
int scan(const ClientOptions& options, const ScanOptions& s);

// The plain JSON of one typed attribute value (exposed for tests).
std::string plain_json(const boost::json::value& typed);

}  // namespace freshet::cli
