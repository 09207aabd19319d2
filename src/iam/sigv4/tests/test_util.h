// Shared fixtures for the SigV4 tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "iam/sigv4/request_view.h"

namespace freshet::iam::sigv4::testing {

inline constexpr std::string_view kAccessKey = "AKIDEXAMPLE";
inline constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
inline constexpr std::string_view kNow = "20150830T123600Z";

// Owns what a RequestView borrows.
struct TestRequest {
    std::string method = "GET";
    std::string path = "/";
    std::string query;
    std::vector<Header> headers;
    std::string body;
    RequestView view() const { return {method, path, query, &headers, body}; }
};

inline TimePoint at(std::string_view amz) {
    return *parse_amz_date(amz);
}

}  // namespace freshet::iam::sigv4::testing
