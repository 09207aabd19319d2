// The stack of `freshet demo`: examples/refarch's template-local.yaml and consumer/, embedded
// in the binary, deployed through `freshet deploy`'s packaging and follow code (see demo.h).
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "cli/demo.h"
#include "cli/demo_assets.h"
#include "cli/stacks.h"

namespace freshet::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTemplate = "template-local.yaml";
constexpr auto kSettleTimeout = std::chrono::minutes(5);

// A temporary folder holding the embedded files, removed with it.
class Unpacked {
  public:
    Result<fs::path> write() {
        std::error_code ec;
        std::string pattern = (fs::temp_directory_path(ec) / "freshet-demo-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            return ApiError::internal("cannot create a temporary folder in " + pattern);
        dir_ = pattern;
        for (const EmbeddedFile& f : demo_files()) {
            fs::path path = dir_ / fs::path(f.name);
            fs::create_directories(path.parent_path(), ec);
            std::ofstream out(path, std::ios::binary);
            out.write(f.data.data(), static_cast<std::streamsize>(f.data.size()));
            if (!out) return ApiError::internal("cannot write " + path.string());
        }
        return dir_;
    }
    ~Unpacked() {
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }

  private:
    fs::path dir_;
};

// The stack once no operation is running on it (nullopt when there is none).
Result<std::optional<StackInfo>> settled(const ClientOptions& root) {
    auto deadline = std::chrono::steady_clock::now() + kSettleTimeout;
    while (true) {
        auto info = describe_stack(root, kDemoStack);
        if (!info.ok() && is_stack_not_found(info.error())) return std::optional<StackInfo>();
        if (!info.ok()) return std::move(info).take_error();
        if (!info->status.ends_with("_IN_PROGRESS") || std::chrono::steady_clock::now() > deadline)
            return std::optional<StackInfo>(std::move(*info));
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

Result<void> deploy_embedded(const ClientOptions& root) {
    Unpacked files;
    FRESHET_TRY(dir, files.write());
    std::printf(
        "Deploying the stack %s (examples/refarch/%s and consumer/, embedded in this "
        "binary)...\n",
        kDemoStack, kTemplate);
    std::fflush(stdout);
    DeployOptions d;
    d.template_file = (dir / kTemplate).string();
    d.stack = kDemoStack;
    d.print_outputs = false;  // the client's secret key stays off the screen
    if (deploy(root, d) != 0)
        return ApiError{"DeployFailed",
                        std::string("the stack ") + kDemoStack + " did not deploy (see above)",
                        500};
    return Ok{};
}

std::string output(const StackInfo& info, const std::string& key) {
    for (const auto& [k, v] : info.outputs) {
        if (k == key) return v;
    }
    return "";
}

}  // namespace

Result<DemoStack> ensure_demo_stack(const ClientOptions& root) {
    FRESHET_TRY(before, settled(root));
    if (before && (before->status == "CREATE_COMPLETE" || before->status == "UPDATE_COMPLETE")) {
        std::printf("Reusing the stack %s (%s), deployed by an earlier run.\n", kDemoStack,
                    before->status.c_str());
    } else {
        if (before) {
            std::printf("The stack %s is %s: deleting it to deploy it again.\n", kDemoStack,
                        before->status.c_str());
            if (delete_stack(root, before->id, false) != 0)
                return ApiError{"DeleteFailed",
                                std::string("could not delete the stack ") + kDemoStack, 500};
        }
        FRESHET_CHECK(deploy_embedded(root));
    }
    FRESHET_TRY(info, describe_stack(root, kDemoStack));
    DemoStack s{output(info, "KinesisStream"),
                output(info, "Region"),
                output(info, "AccessKeyId"),
                output(info, "SecretAccessKey"),
                "",
                std::string(kDemoStack) + "-EventData"};
    if (s.stream.empty() || s.access_key_id.empty())
        return ApiError{"ValidationError",
                        std::string("the stack ") + kDemoStack +
                            " has no KinesisStream or AccessKeyId output: delete it (freshet "
                            "delete " +
                            kDemoStack + ") and run the demo again",
                        400};
    FRESHET_TRY(function, stack_resource_id(root, kDemoStack, "DDBEventProcessor"));
    s.function = function;
    return s;
}

}  // namespace freshet::cli
