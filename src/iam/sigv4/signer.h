// Client side of SigV4, used by Freshet's CLI, load generator and tests. Produces the same
// signatures as botocore (pinned by tests/vectors_test.cc). Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "iam/sigv4/request_view.h"

namespace freshet::iam::sigv4 {

struct Credentials {
    std::string access_key_id, secret_access_key, session_token;
};

// Adds X-Amz-Date, X-Amz-Security-Token (when a token is set), x-amz-content-sha256 (s3_style
// only) and Authorization to `headers` (replacing any earlier copies), signing every header
// present. A `host` header must be present; the caller adds it. `path` and `query` as they will
// be sent on the wire.
void sign(std::string_view method, std::string_view path, std::string_view query,
          std::vector<Header>& headers, std::string_view body, const Credentials& creds,
          std::string_view region, std::string_view service, TimePoint now, bool s3_style = false);

// Returns the query string (existing query + X-Amz-* parameters, X-Amz-Signature last) of a
// presigned URL that signs only the host header. S3: the payload is UNSIGNED-PAYLOAD.
std::string presign_query(std::string_view method, std::string_view path, std::string_view query,
                          std::string_view host, const Credentials& creds, std::string_view region,
                          std::string_view service, TimePoint now, int64_t expires_seconds,
                          bool s3_style);

}  // namespace freshet::iam::sigv4
