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

}  // namespace freshet::cli
