#include "cli/aws_client.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>

#include "cli/xml.h"
#include "core/clock.h"
#include "http/client.h"

namespace freshet::cli {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string trim(std::string s) {
    size_t b = s.find_first_not_of(" \t\r");
    size_t e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string home_file(const char* env_name, const char* relative) {
    std::string explicit_path = env(env_name);
    if (!explicit_path.empty()) return explicit_path;
    return env("HOME") + relative;
}

// The value of an error reply: the code and message of an XML error (query protocol, S3), else
// "HTTP <status>" and the body.
ApiError reply_error(const http::Response& r) {
    if (auto e = xml_error(r.body, r.status)) return std::move(*e);
    return ApiError{fmt::format("HTTP {}", r.status), r.body, r.status};
}

}  // namespace

IniFile read_ini(const std::string& path) {
    IniFile out;
    std::ifstream in(path);
    std::string line, section;
    while (std::getline(in, line)) {
        line = trim(line);
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        if (line.front() == '[' && line.back() == ']') {
            section = trim(line.substr(1, line.size() - 2));
            out[section];
            continue;
        }
        size_t eq = line.find('=');
        if (eq != std::string::npos && !section.empty()) {
            out[section][trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
        }
    }
    return out;
}

Result<iam::sigv4::Credentials> resolve_credentials(const ClientOptions& options) {
    if (!options.access_key_id.empty())
        return iam::sigv4::Credentials{options.access_key_id, options.secret_access_key, ""};
    if (!env("AWS_ACCESS_KEY_ID").empty() && !env("AWS_SECRET_ACCESS_KEY").empty()) {
        return iam::sigv4::Credentials{env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"),
                                       env("AWS_SESSION_TOKEN")};
    }
    std::string profile = !options.profile.empty() ? options.profile : env("AWS_PROFILE");
    IniFile shared = read_ini(home_file("AWS_SHARED_CREDENTIALS_FILE", "/.aws/credentials"));
    for (const std::string& name : profile.empty() ? std::vector<std::string>{"default", "freshet"}
                                                   : std::vector<std::string>{profile}) {
        auto it = shared.find(name);
        if (it != shared.end() && it->second.count("aws_access_key_id")) {
            return iam::sigv4::Credentials{it->second["aws_access_key_id"],
                                           it->second["aws_secret_access_key"],
                                           it->second["aws_session_token"]};
        }
    }
    IniFile local = read_ini(options.data_dir + "/credentials");
    if (auto it = local.find("freshet"); it != local.end() && profile.empty()) {
        return iam::sigv4::Credentials{it->second["aws_access_key_id"],
                                       it->second["aws_secret_access_key"], ""};
    }
    return ApiError{"MissingAuthenticationToken",
                    profile.empty()
                        ? fmt::format("no credentials: set AWS_ACCESS_KEY_ID and "
                                      "AWS_SECRET_ACCESS_KEY, a profile, or start a server on "
                                      "the data directory {}",
                                      options.data_dir)
                        : fmt::format("the profile {} has no credentials", profile),
                    400};
}

std::string resolve_endpoint(const ClientOptions& options) {
    if (!options.endpoint_url.empty()) return options.endpoint_url;
    if (!env("AWS_ENDPOINT_URL").empty()) return env("AWS_ENDPOINT_URL");
    return "http://127.0.0.1:4566";
}

std::string resolve_region(const ClientOptions& options) {
    if (!options.region.empty()) return options.region;
    if (!env("AWS_REGION").empty()) return env("AWS_REGION");
    if (!env("AWS_DEFAULT_REGION").empty()) return env("AWS_DEFAULT_REGION");
    return "us-east-1";
}

struct SignedClient::Impl {
    iam::sigv4::Credentials creds;
    http::Endpoint endpoint;
    std::string region;
    http::Client client;

    Impl(iam::sigv4::Credentials c, http::Endpoint e, std::string r)
        : creds(std::move(c)),
          endpoint(std::move(e)),
          region(std::move(r)),
          client(endpoint.host, endpoint.port) {}
};

Result<SignedClient> SignedClient::open(const ClientOptions& options) {
    FRESHET_TRY(creds, resolve_credentials(options));
    FRESHET_TRY(endpoint, http::parse_endpoint(resolve_endpoint(options)));
    return SignedClient(std::make_unique<Impl>(creds, endpoint, resolve_region(options)));
}

SignedClient::SignedClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SignedClient::SignedClient(SignedClient&&) noexcept = default;
SignedClient& SignedClient::operator=(SignedClient&&) noexcept = default;
SignedClient::~SignedClient() = default;

Result<http::Response> SignedClient::send(const std::string& service, const std::string& method,
                                          const std::string& path, const std::string& query,
                                          std::vector<http::Header> headers, std::string body) {
    Impl& s = *impl_;
    std::string host = fmt::format("{}:{}", s.endpoint.host, s.endpoint.port);
    std::vector<iam::sigv4::Header> signing{{"host", host}};
    for (const auto& h : headers) signing.push_back({h.name, h.value});
    iam::sigv4::sign(method, path, query, signing, body, s.creds, s.region, service,
                     system_clock().now(), service == "s3");
    std::vector<http::Header> wire;
    for (const auto& h : signing) wire.push_back({h.name, h.value});
    std::string target = query.empty() ? path : path + "?" + query;
    return s.client.send(method, target, std::move(wire), std::move(body));
}

Result<std::string> SignedClient::call_query(const std::string& service,
                                             const std::string& form_body) {
    FRESHET_TRY(r, send(service, "POST", "/", "",
                        {{"Content-Type", "application/x-www-form-urlencoded"}}, form_body));
    if (r.status != 200) return reply_error(r);
    return r.body;
}

Result<boost::json::value> SignedClient::call_json(const std::string& service,
                                                   const std::string& target,
                                                   const std::string& json_version,
                                                   const boost::json::value& input) {
    FRESHET_TRY(r, send(service, "POST", "/", "",
                        {{"Content-Type", "application/x-amz-json-" + json_version},
                         {"X-Amz-Target", target}},
                        boost::json::serialize(input)));
    if (r.status != 200) return reply_error(r);
    boost::system::error_code ec;
    auto v = boost::json::parse(r.body, ec);
    if (ec) return ApiError::internal("the server's reply is not JSON: " + r.body);
    return v;
}

Result<http::Response> SignedClient::call_rest(const std::string& service,
                                               const std::string& method, const std::string& path,
                                               const std::string& query,
                                               std::vector<http::Header> headers,
                                               std::string body) {
    FRESHET_TRY(r, send(service, method, path, query, std::move(headers), std::move(body)));
    if (r.status < 200 || r.status > 299) {
        if (method == "HEAD" || r.body.empty())
            return ApiError{r.status == 404 ? "NotFound" : fmt::format("HTTP {}", r.status), "",
                            r.status};
        return reply_error(r);
    }
    return r;
}

Result<std::string> call_query(const ClientOptions& options, const std::string& service,
                               const std::string& form_body) {
    FRESHET_TRY(client, SignedClient::open(options));
    return client.call_query(service, form_body);
}

Result<boost::json::value> call_json(const ClientOptions& options, const std::string& service,
                                     const std::string& target, const std::string& json_version,
                                     const boost::json::value& input) {
    FRESHET_TRY(client, SignedClient::open(options));
    return client.call_json(service, target, json_version, input);
}

Result<http::Response> call_rest(const ClientOptions& options, const std::string& service,
                                 const std::string& method, const std::string& path,
                                 const std::string& query, std::vector<http::Header> headers,
                                 std::string body) {
    FRESHET_TRY(client, SignedClient::open(options));
    return client.call_rest(service, method, path, query, std::move(headers), std::move(body));
}

}  // namespace freshet::cli
