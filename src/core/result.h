// Result<T>: the value of an operation that can fail in an expected way.
//
// Expected failures (bad input, missing resources, denied access) are values carrying an
// ApiError with AWS's error code, message and HTTP status. Exceptions are reserved for bugs;
// the dispatcher turns them into InternalFailure/500. A Result must be checked: it is
// [[nodiscard]], and value() on an error is a bug (it throws std::logic_error).
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace freshet {

// An error as AWS reports it. `code` is AWS's error code ("ResourceNotFoundException",
// "ValidationError", "AccessDenied"); `message` is AWS's text, looked up, never invented.
struct ApiError {
    std::string code;
    std::string message;
    int status = 400;
    // Query protocols (IAM, STS, CloudFormation) say who is at fault: <Type>Sender</Type> or
    // <Type>Receiver</Type>. Server-side failures (5xx) are Receiver.
    bool sender = true;
    // Some JSON services spell the message key "Message" for some errors (Kinesis's
    // AccessDeniedException, DynamoDB's coral errors); the default is "message".
    bool capital_message_key = false;
    // Extra members of the error: elements after <Message> in XML errors, in order (S3: <Key>,
    // <BucketName>, <Resource>...), fields of REST-JSON error bodies (Lambda: "Reason").
    std::vector<std::pair<std::string, std::string>> details = {};
    // JSON services: a serialized JSON object whose members join the error body
    // (DynamoDB's ConditionalCheckFailedException carries the old "Item").
    std::string json_members = {};

    static ApiError internal(std::string message = "An internal error occurred.") {
        return ApiError{"InternalFailure", std::move(message), 500, false, false};
    }
};

template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(ApiError error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(checked()); }
    const T& value() const& { return std::get<0>(checked()); }
    T&& value() && { return std::get<0>(std::move(checked())); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }

    const ApiError& error() const {
        if (ok()) throw std::logic_error("Result::error() on a value");
        return std::get<1>(v_);
    }
    ApiError take_error() && { return std::get<1>(std::move(v_)); }

  private:
    std::variant<T, ApiError>& checked() {
        if (!ok()) throw std::logic_error("Result::value() on error: " + std::get<1>(v_).code);
        return v_;
    }
    const std::variant<T, ApiError>& checked() const {
        if (!ok()) throw std::logic_error("Result::value() on error: " + std::get<1>(v_).code);
        return v_;
    }
    std::variant<T, ApiError> v_;
};

// Result<void>: success, or an error.
struct Ok {};
template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Ok) {}
    Result(ApiError error) : error_(std::move(error)), failed_(true) {}
    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const ApiError& error() const {
        if (!failed_) throw std::logic_error("Result::error() on success");
        return error_;
    }
    ApiError take_error() && { return std::move(error_); }

  private:
    ApiError error_;
    bool failed_ = false;
};

// FRESHET_TRY(var, expr): evaluates a Result-returning expression; on error returns the
// error from the enclosing function, otherwise moves the value into a new variable `var`.
#define FRESHET_CONCAT_INNER(a, b) a##b
#define FRESHET_CONCAT(a, b) FRESHET_CONCAT_INNER(a, b)
#define FRESHET_TRY(var, expr)                                                 \
    auto FRESHET_CONCAT(freshet_try_, __LINE__) = (expr);                      \
    if (!FRESHET_CONCAT(freshet_try_, __LINE__).ok())                          \
        return std::move(FRESHET_CONCAT(freshet_try_, __LINE__)).take_error(); \
    auto var = std::move(FRESHET_CONCAT(freshet_try_, __LINE__)).value()
// FRESHET_CHECK(expr): returns the error of a Result<void> (or any Result) if it failed.
#define FRESHET_CHECK(expr)                                                      \
    do {                                                                         \
        auto freshet_check_ = (expr);                                            \
        if (!freshet_check_.ok()) return std::move(freshet_check_).take_error(); \
    } while (0)

}  // namespace freshet
