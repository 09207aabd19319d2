// The in-process client: call any action of any service as a given principal, through the
// same pipeline as an HTTP request (validation, IAM authorization, handler), without a socket.
//
// Declared here so that modules on lower floors (mappings, stacks) can call services; the
// dispatcher in http/ implements it and app/ hands it to them at start-up.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string_view>

#include "core/principal.h"
#include "core/result.h"

namespace freshet {

class ServiceClient {
  public:
    using Callback = std::function<void(Result<boost::json::value>)>;
    virtual ~ServiceClient() = default;

    // Calls `operation` (AWS's name, "PutRecord") of `service` (the SigV4 signing name:
    // "kinesis", "dynamodb", "lambda", "iam", "sts", ...) with `input` in the shape of the
    // operation's input structure (AWS member names, blobs base64, timestamps as epoch
    // seconds). `done` is called exactly once, on any thread, with the output structure or
    // the ApiError the caller would have received over HTTP.
    virtual void call(std::string_view service, std::string_view operation,
                      boost::json::value input, const Principal& as, Callback done) = 0;
};

// Calls and waits for the answer. For background threads only: never call it on an IO thread,
// since an asynchronous action (Invoke, a durable write) finishes on one.
Result<boost::json::value> call_sync(ServiceClient& client, std::string_view service,
                                     std::string_view operation, boost::json::value input,
                                     const Principal& as);

}  // namespace freshet
