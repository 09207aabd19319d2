#include "app/server_app.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "app/data_dir.h"
#include "app/fd_limit.h"
#include "app/metrics_endpoint.h"
#include "console/console_endpoint.h"
#include "core/crypto.h"
#include "core/encoding.h"
#include "functions/runtime/cgroup.h"
#include "functions/service.h"
#include "http/dispatcher.h"
#include "http/server.h"
#include "iam/credentials.h"
#include "iam/iam_service.h"
#include "iam/policy_authorizer.h"
#include "iam/root_account.h"
#include "iam/store/iam_store.h"
#include "iam/sts.h"
#include "iam/sts_service.h"
#include "logs/service.h"
#include "mappings/service.h"
#include "objects/service.h"
#include "stacks/service.h"
#include "storage/db.h"
#include "streams/service.h"
#include "tables/service.h"
#include "tables/streams/service.h"

namespace freshet::app {

struct ServerApp::Impl {
    ServeOptions options;
    std::unique_ptr<DataDir> dir;
    std::unique_ptr<storage::Db> db;
    std::unique_ptr<iam::RootAccount> root;
    // IAM: users, roles, policies and STS sessions; the root key stays with RootAccount.
    std::unique_ptr<iam::store::IamStore> iam_store;
    std::unique_ptr<iam::PolicyAuthorizer> authorizer;
    std::unique_ptr<iam::Sts> sts;  // services that run code as a role mint credentials here
    std::unique_ptr<iam::CredentialChain> credentials;
    std::shared_ptr<functions::FunctionsService> functions;
    std::shared_ptr<mappings::MappingsService> mappings;
    std::shared_ptr<stacks::StacksService> stacks;
    std::unique_ptr<http::Dispatcher> dispatcher;
    std::unique_ptr<MetricsEndpoint> metrics;
    std::unique_ptr<console::ConsoleEndpoint> console;
    std::unique_ptr<http::Server> server;
    bool stopped = false;
};

namespace {

// A custom resource's answer, PUT to the ResponseURL CloudFormation gave it (as to S3's
// presigned URL: 200 with an empty body).
http::Response custom_resource_answer(stacks::Responses& responses, const http::Request& r) {
    http::Response out;
    if (!responses.complete(r.path, r.body)) {
        out.status = 404;
        out.headers.push_back({"Content-Type", "text/plain"});
        out.body = "No custom resource request waits for this response.\n";
    }
    return out;
}

std::optional<iam::RootAccount::KeyPair> preset_root_keys() {
    const char* id = std::getenv("FRESHET_ROOT_ACCESS_KEY_ID");
    const char* secret = std::getenv("FRESHET_ROOT_SECRET_ACCESS_KEY");
    if (!id || !secret || !*id || !*secret) return std::nullopt;
    return iam::RootAccount::KeyPair{id, secret};
}

const char* mode_name(http::IamMode m) {
    switch (m) {
        case http::IamMode::Enforce:
            return "enforce";
        case http::IamMode::Warn:
            return "warn";
        default:
            return "off";
    }
}

// Where the runtimes and the SDKs for functions are: FRESHET_HOME, else the source tree the
// binary was built in (build/freshet -> runtimes/, node_modules/).
std::string freshet_home() {
    if (const char* home = std::getenv("FRESHET_HOME"); home && *home) return home;
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string(".") : exe.parent_path().parent_path().string();
}

functions::RoleCredentials role_credentials(iam::Sts& sts) {
    return [&sts](const std::string& role,
                  const std::string& session) -> Result<std::map<std::string, std::string>> {
        FRESHET_TRY(c, sts.assume_role_for_service(role, session, std::chrono::hours(1)));
        return std::map<std::string, std::string>{{"AWS_ACCESS_KEY_ID", c.access_key_id},
                                                  {"AWS_SECRET_ACCESS_KEY", c.secret_access_key},
                                                  {"AWS_SESSION_TOKEN", c.session_token}};
    };
}

// Event source mappings act as Lambda does: they assume the function's role to read streams
// and invoke functions as the account.
mappings::EngineDeps mapping_deps(iam::Sts& sts, const iam::RootAccount& root,
                                  const std::string& region, http::Dispatcher& client) {
    mappings::EngineDeps d;
    d.client = &client;
    d.assume_role = [&sts](const std::string& role,
                           const std::string& session) -> Result<Principal> {
        FRESHET_TRY(c, sts.assume_role_for_service(role, session, std::chrono::hours(1)));
        return c.principal;
    };
    d.account = root.root_principal();
    d.region = region;
    return d;
}

// The S3 service takes streamed request bodies from, and gives streamed reply bodies to, the
// dispatcher that hands them over under the request id.
objects::PayloadStreams payload_streams(http::Dispatcher& dispatcher) {
    objects::PayloadStreams p;
    p.take_request_body =
        [&dispatcher](const std::string& request_id) -> std::optional<objects::RequestBody> {
        auto body = dispatcher.take_request_body(request_id);
        if (!body) return std::nullopt;
        return objects::RequestBody{body->size, std::move(body->read)};
    };
    p.give_reply_body = [&dispatcher](const std::string& request_id, uint64_t size,
                                      std::function<std::optional<std::string>()> next) {
        return dispatcher.give_reply_body(request_id, size, std::move(next));
    };
    return p;
}

}  // namespace

ServerApp::ServerApp(ServeOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
}

ServerApp::~ServerApp() {
    stop();
}

uint16_t ServerApp::port() const {
    return impl_->server ? impl_->server->port() : 0;
}

Result<void> ServerApp::start() {
    Impl& s = *impl_;
    // Everything the server writes (its data, function code, temporary files) is for its own
    // user only; the data directory is made private as well (DataDir::open).
    ::umask(077);
    FRESHET_TRY(dir, DataDir::open(s.options.data_dir));
    s.dir = std::move(dir);
    FRESHET_TRY(key, s.dir->server_key());
    storage::Db::Options db_options;
    db_options.path = s.dir->db_path();
    db_options.sync = s.options.durable;
    FRESHET_TRY(db, storage::Db::open(db_options));
    s.db = std::move(db);
    FRESHET_TRY(root, iam::RootAccount::open(*s.db, key, preset_root_keys()));
    s.root = std::move(root);
    s.iam_store = std::make_unique<iam::store::IamStore>(*s.db, key, s.root->account_id());
    s.authorizer = std::make_unique<iam::PolicyAuthorizer>(*s.iam_store);
    s.sts = std::make_unique<iam::Sts>(*s.iam_store, *s.authorizer);
    s.credentials = std::make_unique<iam::CredentialChain>(*s.root, *s.iam_store);

    http::DispatcherOptions d;
    d.region = s.options.region;
    d.iam_mode = s.options.iam;
    d.version = FRESHET_VERSION;
    // The server exists only after the dispatcher; replies posted before it starts run inline.
    d.post = [impl = impl_.get()](std::function<void()> fn) {
        if (impl->server) {
            impl->server->post(std::move(fn));
        } else {
            fn();
        }
    };
    s.dispatcher = std::make_unique<http::Dispatcher>(d, *s.credentials, *s.authorizer);
    s.dispatcher->add(std::make_shared<iam::StsService>(*s.sts));
    s.dispatcher->add(std::make_shared<iam::IamService>(*s.iam_store));
    FRESHET_TRY(streams, streams::StreamsService::open(*s.db));
    streams::RecordNotifier& notifier = streams->notifier();
    s.dispatcher->add(std::move(streams));
    auto table_service = std::make_shared<tables::TablesService>(*s.db);
    s.dispatcher->add(table_service);
    // DynamoDB Streams: the records item writes append to their tables' streams.
    FRESHET_TRY(table_streams, tables::TableStreamsService::open(*s.db));
    s.dispatcher->add(std::move(table_streams));

    // CloudWatch Logs; functions write their invocations' output through its sink.
    auto log_service = std::make_shared<logs::LogsService>(*s.db);
    s.dispatcher->add(log_service);
    // S3 (REST-XML): buckets and objects, the code packages functions can be created from.
    // Bodies of uploads and downloads stream between the transport and storage (payload.h).
    auto object_service = std::make_shared<objects::ObjectsService>(*s.db);
    object_service->set_payload_streams(payload_streams(*s.dispatcher));
    s.dispatcher->add(std::move(object_service));

    functions::FunctionsOptions fo;
    fo.layout.log_sink = log_service->sink();
    fo.data_dir = s.dir->path();
    fo.client = s.dispatcher.get();  // Code.S3Bucket packages are read from S3 through it
    std::string home = freshet_home();
    fo.layout.runtimes_dir = home + "/runtimes";
    fo.layout.sdk_node_path = home + "/node_modules";
    // As root, functions run as users of their own; with cgroups, within their MemorySize.
    fo.confine = ::geteuid() == 0;
    if (auto limits = functions::runtime::MemoryLimits::detect()) {
        fo.layout.memory_limits = *limits;
    } else {
        spdlog::warn("functions run without a memory limit: {}", limits.error().message);
    }
    s.functions =
        std::make_shared<functions::FunctionsService>(*s.db, fo, role_credentials(*s.sts));
    s.dispatcher->add(s.functions);
    s.mappings = std::make_shared<mappings::MappingsService>(
        *s.db, mapping_deps(*s.sts, *s.root, s.options.region, *s.dispatcher));
    s.dispatcher->add(s.mappings);
    notifier.subscribe([m = s.mappings.get()](const streams::RecordsArrived& e) {
        m->records_arrived(e.stream_arn, e.shard_id);
    });
    // Table streams wake their mappings too (every shard of the stream: the listener names
    // only the stream).
    table_service->set_stream_listener([m = s.mappings.get()](const std::string& stream_arn) {
        m->records_arrived(stream_arn, "");
    });
    // After the listener: the sweeper's deletions wake the mappings of their tables' streams.
    table_service->start_ttl_sweeper(std::chrono::milliseconds(s.options.ttl_sweep_ms));
    // CloudFormation: stacks create their resources through the in-process client.
    stacks::StacksOptions sto;
    sto.client = s.dispatcher.get();
    sto.region = s.options.region;
    sto.account_id = s.root->account_id();
    s.stacks = std::make_shared<stacks::StacksService>(*s.db, sto);
    s.dispatcher->add(s.stacks);

    http::ServerOptions so;
    // Lambda takes zips up to 50 MB, about 70 MB once base64-encoded in CreateFunction.
    so.max_body_bytes = 72 * 1024 * 1024;
    // S3 uploads (PutObject, UploadPart) stream up to S3's 5 GiB instead; the endpoints below
    // that the dispatcher does not serve read their bodies whole.
    so.stream_body = [dispatcher = s.dispatcher.get()](const http::Request& head) {
        if (MetricsEndpoint::wants(head) || console::ConsoleEndpoint::wants(head) ||
            (head.method == "PUT" && head.path.starts_with(stacks::Responses::kPathPrefix)))
            return std::optional<uint64_t>();
        return dispatcher->streamed_body_limit(head);
    };
    so.host = s.options.host;
    so.port = s.options.port;
    so.threads = s.options.threads;
    so.read_timeout = std::chrono::seconds(s.options.read_timeout_s);
    so.idle_timeout = std::chrono::seconds(s.options.idle_timeout_s);
    const ConnectionCap cap = cap_connections(s.options.max_connections);
    so.max_connections = cap.connections;
    if (cap.connections < s.options.max_connections) {
        spdlog::warn(
            "at most {} connections: the descriptor limit is {}, {} of them kept for storage "
            "and functions (raise it with ulimit -n)",
            cap.connections, cap.fd_limit, cap.reserved);
    }
    std::string token = s.options.metrics_token;
    if (token.empty()) {
        token = hex_encode(crypto::as_view(crypto::hmac_sha256(key, "freshet metrics token")));
        FRESHET_CHECK(s.dir->write_secret("metrics-token", token + "\n"));
    }
    s.metrics = std::make_unique<MetricsEndpoint>(token, *s.dispatcher);
    // The console signs principals in with their keys and calls the services as them.
    console::ConsoleDeps cd;
    cd.credentials = s.credentials.get();
    cd.authorizer = s.authorizer.get();
    cd.client = s.dispatcher.get();
    cd.region = s.options.region;
    s.console = std::make_unique<console::ConsoleEndpoint>(cd);
    http::Dispatcher* dispatcher = s.dispatcher.get();
    MetricsEndpoint* metrics = s.metrics.get();
    console::ConsoleEndpoint* console = s.console.get();
    stacks::Responses* responses = &s.stacks->responses();
    s.server = std::make_unique<http::Server>(
        so, [dispatcher, metrics, console, responses](http::Request&& r, http::Respond respond) {
            if (MetricsEndpoint::wants(r))
                return respond(metrics->answer(r, console->metrics_access(r)));
            if (console::ConsoleEndpoint::wants(r))
                return console->handle(std::move(r), std::move(respond));
            if (r.method == "PUT" && r.path.starts_with(stacks::Responses::kPathPrefix))
                return respond(custom_resource_answer(*responses, r));
            dispatcher->handle(std::move(r), std::move(respond));
        });
    FRESHET_CHECK(s.server->start());

    std::string endpoint = fmt::format("http://{}:{}", s.options.host, s.server->port());
    s.functions->set_endpoint_url(endpoint);
    s.mappings->start();  // invocations finish on the server's threads: start after it
    s.stacks->start(endpoint, s.root->root_principal());
    FRESHET_CHECK(s.dir->write_profile(s.root->root_keys().access_key_id,
                                       s.root->root_keys().secret_access_key, s.options.region,
                                       endpoint));
    std::printf("Freshet %s listening on %s (region %s, account %s)\n", FRESHET_VERSION,
                endpoint.c_str(), s.options.region.c_str(), s.root->account_id().c_str());
    std::printf("Data directory: %s (durability %s, IAM %s)\n", s.dir->path().c_str(),
                s.options.durable ? "sync"
                                  : "relaxed: acknowledged writes may be lost on power "
                                    "failure",
                mode_name(s.options.iam));
    std::printf(
        "Root credentials: profile \"freshet\" in %s (freshet credentials "
        "--install-profile adds it to ~/.aws)\n",
        s.dir->credentials_path().c_str());
    std::printf("Console: %s%s (a one-time sign-in link for the root user, valid 15 minutes)\n",
                endpoint.c_str(),
                s.console->issue_root_link(s.root->root_keys().access_key_id).c_str());
    std::printf("Ready.\n");
    std::fflush(stdout);
    return Ok{};
}

ServiceClient& ServerApp::client() {
    return *impl_->dispatcher;
}

Principal ServerApp::root_principal() const {
    return impl_->root->root_principal();
}

void ServerApp::stop() {
    Impl& s = *impl_;
    if (s.stopped) return;
    s.stopped = true;
    // Stack operations first, while the IO threads still run: their calls through the
    // in-process client (a DeleteStream's durable reply) finish on those threads.
    if (s.stacks) s.stacks->stop();
    if (s.server) s.server->stop();
    if (s.dispatcher) {
        // In reverse order: stacks and mappings call the services added before them.
        const auto& services = s.dispatcher->services();
        for (auto it = services.rbegin(); it != services.rend(); ++it) (*it)->stop();
    }
    if (s.db) s.db->close();
    s.dir.reset();
}

}  // namespace freshet::app
