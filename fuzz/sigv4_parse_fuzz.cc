// SigV4 header and presigned-query parsing, canonicalisation and verification must never
// crash, whatever the Authorization header, query and path are.
#include "core/clock.h"
#include "fuzz_util.h"
#include "iam/sigv4/auth.h"

using namespace freshet;
using namespace freshet::iam;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto f = fuzz::split_fields(data, size, 4);  // authorization, query, path, date
    std::vector<Header> headers{{"Host", "127.0.0.1:4566"},
                                {"Authorization", std::string(f[0])},
                                {"X-Amz-Date", std::string(f[3])},
                                {"Content-Type", "application/x-amz-json-1.1"}};
    sigv4::RequestView req{"POST", f[2], f[1], &headers, "{}"};
    sigv4::ParsedAuth auth;
    sigv4::AuthFailure failure;
    static const ManualClock clock(parse_amz_date("20260101T000000Z").value());
    static const sigv4::Verifier verifier(clock);
    if (sigv4::parse(req, auth, failure)) {
        (void)sigv4::canonical_request(req, auth, false);
        (void)sigv4::canonical_request(req, auth, true);
        (void)verifier.verify(req, auth, "secret", false);
        (void)sigv4::check_scope(auth, "us-east-1", "kinesis");
    } else {
        (void)sigv4::to_api_error(failure, "kinesis");
        (void)sigv4::to_api_error(failure, "sts");
    }
    return 0;
}
