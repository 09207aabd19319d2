// Where custom resources answer: each request gets a slot, its ResponseURL is
// <endpoint>/_freshet/cfn-response/<token>, and the HTTP layer hands a PUT to that URL to
// complete(). The token is random, so only the function that received the request can answer.
//
// Thread-safety: every method from any thread.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "stacks/resources/provider.h"

namespace freshet::stacks {

class Responses final : public ResponseWaiter {
  public:
    static constexpr std::string_view kPathPrefix = "/_freshet/cfn-response/";

    void set_endpoint(std::string endpoint);
    std::string open(const std::string& request_id) override;
    Result<boost::json::object> wait(const std::string& request_id,
                                     std::chrono::seconds timeout) override;
    // A PUT to `path`: false when no slot waits there (the caller answers 404). A body that is
    // not a JSON object completes the slot with a failure.
    bool complete(std::string_view path, std::string_view body);
    // Wakes every waiter with an error (shutdown).
    void cancel_all();

  private:
    struct Slot {
        std::string token;
        std::optional<Result<boost::json::object>> answer;
    };
    std::mutex mu_;
    std::condition_variable cv_;
    std::string endpoint_;
    std::map<std::string, Slot> slots_;  // by request id
    bool cancelled_ = false;
};

}  // namespace freshet::stacks
