// freshet: the server and its client subcommands, in one binary.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>

#include "cli/commands.h"
#include "cli/logs.h"
#include "cli/scan.h"

namespace {

using freshet::app::ServeOptions;
using freshet::http::IamMode;

void add_serve_flags(CLI::App* cmd, ServeOptions& o, std::string& iam, std::string& durability) {
    cmd->add_option("--host", o.host, "Address to listen on")
        ->envname("FRESHET_HOST")
        ->capture_default_str();
    cmd->add_option("--port", o.port, "Port to listen on (0: any free port)")
        ->envname("FRESHET_PORT")
        ->capture_default_str();
    cmd->add_option("--data-dir", o.data_dir, "Data directory")
        ->envname("FRESHET_DATA_DIR")
        ->capture_default_str();
    cmd->add_option("--region", o.region, "Region the server answers as")
        ->envname("FRESHET_REGION")
        ->capture_default_str();
    cmd->add_option("--iam", iam, "IAM policy enforcement: enforce, warn or off")
        ->envname("FRESHET_IAM")
        ->check(CLI::IsMember({"enforce", "warn", "off"}))
        ->capture_default_str();
    cmd->add_option("--durability", durability,
                    "sync: every acknowledged write is on disk; relaxed: faster, the last "
                    "writes may be lost on power failure")
        ->envname("FRESHET_DURABILITY")
        ->check(CLI::IsMember({"sync", "relaxed"}))
        ->capture_default_str();
    cmd->add_option("--log-level", o.log_level, "trace, debug, info, warn, error")
        ->envname("FRESHET_LOG_LEVEL")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
        ->capture_default_str();
    cmd->add_option("--threads", o.threads, "I/O threads (0: one per core)")
        ->envname("FRESHET_THREADS");
    cmd->add_option("--metrics-token", o.metrics_token,
                    "Bearer token for GET /metrics (default: <data-dir>/metrics-token)")
        ->envname("FRESHET_METRICS_TOKEN");
    cmd->add_option("--ttl-sweep-ms", o.ttl_sweep_ms,
                    "How often DynamoDB tables are swept for expired items, in milliseconds")
        ->envname("FRESHET_TTL_SWEEP_MS")
        ->check(CLI::Range(10u, 86'400'000u))
        ->capture_default_str();
    cmd->add_option("--read-timeout", o.read_timeout_s,
                    "Seconds a request's headers and body may take to arrive; slower "
                    "connections are closed")
        ->envname("FRESHET_READ_TIMEOUT")
        ->check(CLI::Range(1u, 86'400u))
        ->capture_default_str();
    cmd->add_option("--idle-timeout", o.idle_timeout_s,
                    "Seconds a keep-alive connection may wait for its next request")
        ->envname("FRESHET_IDLE_TIMEOUT")
        ->check(CLI::Range(1u, 86'400u))
        ->capture_default_str();
    cmd->add_option("--max-connections", o.max_connections,
                    "Open connections at most; further ones are closed as they arrive")
        ->envname("FRESHET_MAX_CONNECTIONS")
        ->check(CLI::Range(1u, 1'000'000u))
        ->capture_default_str();
}

void add_client_flags(CLI::App* cmd, freshet::cli::ClientOptions& c) {
    cmd->add_option("--endpoint-url", c.endpoint_url,
                    "Server URL (default AWS_ENDPOINT_URL, "
                    "else http://127.0.0.1:4566)");
    cmd->add_option("--profile", c.profile, "AWS profile to sign with");
    cmd->add_option("--region", c.region, "Region to sign for");
    cmd->add_option("--data-dir", c.data_dir, "Data directory whose root credentials to use last")
        ->envname("FRESHET_DATA_DIR");
}

void finish_serve_options(ServeOptions& o, const std::string& iam, const std::string& durability) {
    o.iam = iam == "warn" ? IamMode::Warn : iam == "off" ? IamMode::Off : IamMode::Enforce;
    o.durable = durability != "relaxed";
    spdlog::set_level(spdlog::level::from_str(o.log_level));
}

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_default_logger(spdlog::stderr_color_mt("freshet"));
    CLI::App app{"Freshet: the AWS serverless stream-processing architecture on one machine"};
    app.require_subcommand(1);
    app.set_version_flag("--version", FRESHET_VERSION);

    ServeOptions serve;
    std::string iam = "enforce", durability = "sync";
    auto* serve_cmd = app.add_subcommand("serve", "Run the server");
    add_serve_flags(serve_cmd, serve, iam, durability);

    freshet::cli::DemoOptions demo;
    std::string demo_iam = "enforce", demo_durability = "sync";
    auto* demo_cmd = app.add_subcommand(
        "demo",
        "The reference architecture live: a server (started unless one answers on the port), "
        "the stack \"refarch\", and generated tweets put on its stream, with progress every "
        "second");
    demo_cmd
        ->add_option("count", demo.count,
                     "Tweets to put, then exit once every one is in the table (default: "
                     "until Ctrl-C)")
        ->check(CLI::NonNegativeNumber);
    demo_cmd->add_option("--rate", demo.rate, "Tweets a second (0: as fast as the puts go)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    demo_cmd
        ->add_option("--wait-timeout", demo.wait_timeout_s,
                     "With a count: fail when no new tweet has reached the table for this "
                     "many seconds")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    add_serve_flags(demo_cmd, demo.serve, demo_iam, demo_durability);

    std::string cred_dir = "./freshet-data";
    bool install = false;
    auto* cred_cmd = app.add_subcommand("credentials", "Print the root credentials");
    cred_cmd->add_option("--data-dir", cred_dir, "Data directory")->envname("FRESHET_DATA_DIR");
    cred_cmd->add_flag("--install-profile", install,
                       "Add them as the profile \"freshet\" to ~/.aws/credentials and config");

    freshet::cli::ClientOptions client;
    client.data_dir = "./freshet-data";
    auto* whoami_cmd = app.add_subcommand("whoami", "Show who the client's credentials are");
    add_client_flags(whoami_cmd, client);

    std::string put_stream, put_key, put_data;
    auto* put_cmd = app.add_subcommand("put", "Put a record on a Kinesis stream");
    put_cmd->add_option("stream", put_stream, "Stream name")->required();
    put_cmd->add_option("data", put_data, "The record's data")->required();
    put_cmd->add_option("--partition-key,-k", put_key, "Partition key")->required();
    add_client_flags(put_cmd, client);

    freshet::cli::TailOptions tail;
    auto* tail_cmd = app.add_subcommand("tail", "Follow every shard of a Kinesis stream");
    tail_cmd->add_option("stream", tail.stream, "Stream name")->required();
    tail_cmd->add_flag("--from-start", tail.from_start,
                       "Start at the oldest record (TRIM_HORIZON) instead of new ones (LATEST)");
    tail_cmd->add_option("--count,-n", tail.count, "Exit after printing this many records");
    add_client_flags(tail_cmd, client);

    freshet::cli::ScanOptions scan;
    auto* scan_cmd = app.add_subcommand("scan", "Print every item of a DynamoDB table");
    scan_cmd->add_option("table", scan.table, "Table name")->required();
    scan_cmd->add_option("--limit,-n", scan.limit, "Stop after this many items");
    scan_cmd->add_option("--page-size", scan.page_size, "Items per Scan request");
    scan_cmd->add_flag("--typed", scan.typed, "Print DynamoDB's typed JSON");
    add_client_flags(scan_cmd, client);

    freshet::cli::LogsOptions logs;
    auto* logs_cmd = app.add_subcommand("logs", "Print a function's (or log group's) log events");
    logs_cmd->add_option("target", logs.target, "Function name, or log group name (with a '/')")
        ->required();
    logs_cmd->add_option("--since", logs.since, "How far back to start: 90s, 10m, 2h, 1d")
        ->capture_default_str();
    logs_cmd->add_flag("--follow,-f", logs.follow, "Keep printing new events until interrupted");
    add_client_flags(logs_cmd, client);

    freshet::cli::DeployOptions deploy;
    auto* deploy_cmd = app.add_subcommand(
        "deploy",
        "Create or update a stack from a template, uploading its local code; acknowledges "
        "CAPABILITY_IAM, CAPABILITY_NAMED_IAM and CAPABILITY_AUTO_EXPAND for you");
    deploy_cmd->add_option("template", deploy.template_file, "Template file (YAML or JSON)")
        ->required();
    deploy_cmd->add_option("--stack,-s", deploy.stack, "Stack name")->required();
    // One value per --param, so that a positional after it is not taken as a parameter.
    deploy_cmd->add_option("--param,-p", deploy.params, "Template parameter KEY=VALUE (repeat)")
        ->allow_extra_args(false);
    deploy_cmd->add_flag("--no-wait", deploy.no_wait, "Return once the operation has started");
    add_client_flags(deploy_cmd, client);

    auto* stacks_cmd = app.add_subcommand("stacks", "List the stacks");
    add_client_flags(stacks_cmd, client);

    std::string stack_name;
    auto* outputs_cmd = app.add_subcommand("outputs", "Print a stack's outputs");
    outputs_cmd->add_option("stack", stack_name, "Stack name")->required();
    add_client_flags(outputs_cmd, client);

    bool delete_no_wait = false;
    auto* delete_cmd = app.add_subcommand("delete", "Delete a stack and wait until it is gone");
    delete_cmd->add_option("stack", stack_name, "Stack name")->required();
    delete_cmd->add_flag("--no-wait", delete_no_wait, "Return once the deletion has started");
    add_client_flags(delete_cmd, client);

    CLI11_PARSE(app, argc, argv);
    if (*serve_cmd) {
        finish_serve_options(serve, iam, durability);
        return freshet::cli::serve(serve);
    }
    if (*demo_cmd) {
        finish_serve_options(demo.serve, demo_iam, demo_durability);
        return freshet::cli::demo(demo);
    }
    if (*cred_cmd) return freshet::cli::credentials(cred_dir, install);
    if (*whoami_cmd) return freshet::cli::whoami(client);
    if (*put_cmd) return freshet::cli::put(client, put_stream, put_key, put_data);
    if (*tail_cmd) return freshet::cli::tail(client, tail);
    if (*scan_cmd) return freshet::cli::scan(client, scan);
    if (*logs_cmd) return freshet::cli::logs(client, logs);
    if (*deploy_cmd) return freshet::cli::deploy(client, deploy);
    if (*stacks_cmd) return freshet::cli::stacks(client);
    if (*outputs_cmd) return freshet::cli::outputs(client, stack_name);
    if (*delete_cmd) return freshet::cli::delete_stack(client, stack_name, delete_no_wait);
    return 0;
}
