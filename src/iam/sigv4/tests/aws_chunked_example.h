// The aws-chunked example of the S3 API Reference ("Signature Calculations for the
// Authorization Header: Transferring Payload in Multiple Chunks"): its credentials, scope and
// seed signature, and its body of 66560 bytes of 'a' sent as a 65536-byte chunk, a 1024-byte
// chunk and the final empty chunk. Shared by the tests of the decoder and of the transport's
// streamed payloads.
#pragma once

#include <string>

#include "core/crypto.h"
#include "iam/sigv4/chunked.h"

namespace freshet::iam::sigv4::example {

inline ParsedAuth auth() {
    ParsedAuth a;
    a.access_key_id = "AKIAIOSFODNN7EXAMPLE";
    a.date = "20130524";
    a.region = "us-east-1";
    a.service = "s3";
    a.amz_date = "20130524T000000Z";
    a.signature = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    return a;
}

inline crypto::Digest256 key() {
    return derive_signing_key("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1",
                              "s3");
}

inline std::string body() {
    std::string b = "10000;chunk-signature=";
    b += "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n";
    b += std::string(65536, 'a') + "\r\n";
    b += "400;chunk-signature=";
    b += "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n";
    b += std::string(1024, 'a') + "\r\n";
    b += "0;chunk-signature=";
    b += "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n";
    return b;
}

}  // namespace freshet::iam::sigv4::example
