// How Freshet's client subcommands reach a server: the endpoint, the credentials (the usual
// AWS chain, falling back to the data directory's root profile), and signed calls.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "core/result.h"
#include "http/message.h"
#include "iam/sigv4/signer.h"

namespace freshet::cli {

// INI sections ("[freshet]", "[profile freshet]") of an AWS config or credentials file.
using IniFile = std::map<std::string, std::map<std::string, std::string>>;
IniFile read_ini(const std::string& path);

// The credentials chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY(/AWS_SESSION_TOKEN); then the
// profile (--profile, AWS_PROFILE, or "default" then "freshet") in AWS_SHARED_CREDENTIALS_FILE
// or ~/.aws/credentials; then the data directory's "freshet" profile.
Result<iam::sigv4::Credentials> resolve_credentials(const ClientOptions& options);
std::string resolve_endpoint(const ClientOptions& options);
std::string resolve_region(const ClientOptions& options);

// A connection to the server that signs each call with the credentials, endpoint and region
// resolved once by open(), and keeps the connection open between calls (for loops that call
// many times). Not thread-safe: one per thread.
class SignedClient {
  public:
    static Result<SignedClient> open(const ClientOptions& options);
    SignedClient(SignedClient&&) noexcept;
    SignedClient& operator=(SignedClient&&) noexcept;
    ~SignedClient();

    // As the functions below.
    Result<std::string> call_query(const std::string& service, const std::string& form_body);
    Result<boost::json::value> call_json(const std::string& service, const std::string& target,
                                         const std::string& json_version,
                                         const boost::json::value& input);
    Result<http::Response> call_rest(const std::string& service, const std::string& method,
                                     const std::string& path, const std::string& query,
                                     std::vector<http::Header> headers, std::string body);

  private:
    struct Impl;
    explicit SignedClient(std::unique_ptr<Impl> impl);
    Result<http::Response> send(const std::string& service, const std::string& method,
                                const std::string& path, const std::string& query,
                                std::vector<http::Header> headers, std::string body);
    std::unique_ptr<Impl> impl_;
};

// Calls a query-protocol action (IAM, STS, CloudFormation) and returns the XML reply.
Result<std::string> call_query(const ClientOptions& options, const std::string& service,
                               const std::string& form_body);
// Calls an awsJson action and returns the reply body as JSON.
Result<boost::json::value> call_json(const ClientOptions& options, const std::string& service,
                                     const std::string& target, const std::string& json_version,
                                     const boost::json::value& input);
// Calls a REST action (S3): signs `method` `path`?`query` (both as they go on the wire, already
// URI-encoded) with SigV4, for S3 with the x-amz-content-sha256 header set to the payload's
// hex SHA-256, and sends it. Returns the response when its status is 2xx; otherwise the XML
// error's code and message ("NoSuchBucket"), or "NotFound" with status 404 for a bodiless 404
// (HEAD). Transport failures are InternalFailure.
Result<http::Response> call_rest(const ClientOptions& options, const std::string& service,
                                 const std::string& method, const std::string& path,
                                 const std::string& query, std::vector<http::Header> headers,
                                 std::string body);

}  // namespace freshet::cli
