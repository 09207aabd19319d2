// One HTTP header line, as received or to be sent. Shared by the transport (http/) and SigV4
// (iam/sigv4/) so that a request's headers are signed and verified without being copied.
#pragma once

#include <string>

namespace freshet {

struct Header {
    std::string name;  // as received (any case)
    std::string value;
};

}  // namespace freshet
