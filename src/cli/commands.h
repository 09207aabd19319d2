// The subcommands of `freshet`. Each returns the process exit code.
#pragma once

#include <string>

#include "app/options.h"

namespace freshet::cli {

// `freshet serve`: runs the server until SIGINT or SIGTERM, then stops gracefully.
int serve(const app::ServeOptions& options);

// `freshet credentials [--install-profile]`: prints the data directory's root credentials, or
// adds them as the "freshet" profile to ~/.aws/credentials and ~/.aws/config.
int credentials(const std::string& data_dir, bool install_profile);

// Client settings shared by the subcommands that talk to a running server.
struct ClientOptions {
    std::string endpoint_url;  // --endpoint-url, else AWS_ENDPOINT_URL, else the default
    std::string profile;       // --profile, else AWS_PROFILE
    std::string data_dir;      // where the root credentials are, as a last resort
    std::string region;        // --region, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1
};

// `freshet whoami`: STS GetCallerIdentity as the client's credentials.
int whoami(const ClientOptions& options);

// `freshet put STREAM --partition-key K DATA`: Kinesis PutRecord; prints the shard and the
// sequence number.
int put(const ClientOptions& options, const std::string& stream, const std::string& partition_key,
        const std::string& data);

// `freshet tail STREAM`: follows every shard of the stream (children of a reshard included)
// and prints "<shard> <sequence number> <partition key> <data>" per record (data that is not
// UTF-8 is printed as "base64:..."). Runs until interrupted, or until `count` records.
struct TailOptions {
    std::string stream;
    bool from_start = false;  // TRIM_HORIZON instead of LATEST for the shards open at start
    int64_t count = 0;        // 0: forever
};
int tail(const ClientOptions& options, const TailOptions& t);

}  // namespace freshet::cli
