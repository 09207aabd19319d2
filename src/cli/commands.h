// The subcommands of `freshet`. Each returns the process exit code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
    // Keys to sign with instead of the credentials chain, when set (`freshet demo` signs as
    // the data directory's root and as the stack's client, whatever the environment says).
    std::string access_key_id, secret_access_key;
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

// `freshet deploy TEMPLATE --stack NAME [--param K=V ...] [--no-wait]`: packages the local code
// the template points at (package.h), then CreateStack, or UpdateStack when the stack exists
// ("No changes to deploy; stack NAME is up to date." and 0 when nothing changed), acknowledging
// CAPABILITY_IAM, CAPABILITY_NAMED_IAM and CAPABILITY_AUTO_EXPAND. Then prints each new stack
// event, oldest first, as "<time> <LogicalResourceId> <ResourceType> <ResourceStatus>
// [<reason>]" until the stack settles, and the outputs as "<OutputKey> = <OutputValue>".
// Returns 0 on CREATE_COMPLETE or UPDATE_COMPLETE, else 1 (with the status and reason).
// Parameters not given take their template defaults (not their previous values).
struct DeployOptions {
    std::string template_file;
    std::string stack;
    std::vector<std::string> params;  // "KEY=VALUE"
    bool no_wait = false;             // return once the operation has started
    bool print_outputs = true;        // print the outputs once the stack is complete
};
int deploy(const ClientOptions& options, const DeployOptions& d);

// `freshet stacks`: ListStacks without the deleted ones, as a table of name, status and last
// update (or creation) time.
int stacks(const ClientOptions& options);

// `freshet outputs NAME`: the stack's outputs as "<OutputKey> = <OutputValue>" lines.
int outputs(const ClientOptions& options, const std::string& name);

// `freshet delete NAME [--no-wait]`: DeleteStack, then prints the events until the stack is
// DELETE_COMPLETE (0) or DELETE_FAILED (1). A stack that does not exist is an error (1).
int delete_stack(const ClientOptions& options, const std::string& name, bool no_wait);

// `freshet demo [COUNT]`: the reference architecture live (demo.cc). Starts `freshet serve`
// as a child (unless a server answers on the port), deploys the embedded examples/refarch
// stack "refarch" (reused when it exists), puts generated tweets at `rate` a second with the
// stack's client keys and prints progress every second until SIGINT or SIGTERM (exit 0), or,
// with a count, until that many tweets are put and every one is in the table (exit 0; 1 when
// the table stops growing for `wait_timeout_s` first). Stops the server it started.
struct DemoOptions {
    app::ServeOptions serve;  // the server to start, or the port to find one on
    int64_t count = 0;        // 0: until interrupted
    double rate = 50;         // tweets a second; 0: as fast as the puts go
    int wait_timeout_s = 120;
};
int demo(const DemoOptions& options);

}  // namespace freshet::cli
