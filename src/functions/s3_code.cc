#include "functions/s3_code.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <future>

#include "core/client.h"
#include "core/encoding.h"
#include "functions/service.h"

namespace freshet::functions {

Result<std::string> fetch_s3_code(const FunctionsService& s, const RequestContext& ctx,
                                  const std::string& bucket, const std::optional<std::string>& key,
                                  const std::optional<std::string>& version) {
    auto s3_error = [](std::string_view code, std::string_view message) {
        return lambda_error("InvalidParameterValueException",
                            fmt::format("Error occurred while GetObject. S3 Error Code: {}. S3 "
                                        "Error Message: {}",
                                        code, message),
                            400);
    };
    ServiceClient* client = s.options().client;
    if (!client) return s3_error("NoSuchBucket", "The specified bucket does not exist");
    if (!key) {
        return lambda_error("InvalidParameterValueException",
                            "Please provide a source for function code.", 400);
    }
    boost::json::object input{{"Bucket", bucket}, {"Key", *key}};
    if (version) input["VersionId"] = *version;
    // GetObject answers synchronously inside call(); the future also covers a later answer.
    std::promise<Result<boost::json::value>> answer;
    auto done = answer.get_future();
    client->call("s3", "GetObject", std::move(input), ctx.principal,
                 [&answer](Result<boost::json::value> r) { answer.set_value(std::move(r)); });
    Result<boost::json::value> r = done.get();
    if (!r.ok()) return s3_error(r.error().code, r.error().message);
    const auto* body = r.value().as_object().if_contains("Body");
    auto zip = body && body->is_string() ? base64_decode(body->get_string()) : std::string();
    if (!zip) return ApiError::internal();
    return std::move(*zip);
}

}  // namespace freshet::functions
