// A Lambda runtime client for C++ handlers (the `provided`, `provided.al2` and
// `provided.al2023` runtimes): build your handler into an executable named `bootstrap`, call
// freshet::lambda::run_handler from main, and zip it.
//
//   #include <freshet/lambda_runtime.h>
//   int main() {
//       return freshet::lambda::run_handler([](const freshet::lambda::Invocation& inv) {
//           return freshet::lambda::Outcome::success(inv.payload);  // echo
//       });
//   }
//
// It talks to the Runtime API named by AWS_LAMBDA_RUNTIME_API (as on AWS Lambda), so the same
// executable runs on Freshet and on AWS. No dependencies beyond POSIX sockets.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace freshet::lambda {

struct Invocation {
    std::string request_id;
    std::string payload;  // the event, as JSON text
    std::string function_arn;
    std::string trace_id;
    std::string client_context;    // JSON text, or empty
    std::string cognito_identity;  // JSON text, or empty
    int64_t deadline_ms = 0;       // milliseconds since the epoch
    int64_t remaining_ms() const;  // until the deadline
};

struct Outcome {
    bool ok = true;
    std::string payload;     // success: the JSON result
    std::string error_type;  // failure: e.g. "InvalidInput"
    std::string error_message;

    static Outcome success(std::string json) { return {true, std::move(json), "", ""}; }
    static Outcome failure(std::string type, std::string message) {
        return {false, "", std::move(type), std::move(message)};
    }
};

using Handler = std::function<Outcome(const Invocation&)>;

// Runs the invocation loop forever (returns non-zero only when the Runtime API is unusable).
// An exception from the handler is reported as that invocation's error.
int run_handler(const Handler& handler);

// Reports an initialisation failure (before run_handler) and returns non-zero for main.
int report_init_error(const std::string& type, const std::string& message);

}  // namespace freshet::lambda
