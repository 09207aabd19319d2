#include "stacks/resources/service_zip.h"

#include <sys/stat.h>
#include <zip.h>

#include <memory>

namespace freshet::stacks::svc {

namespace {

// CloudFormation's cfn-response modules, written for Freshet with the same interface
// (send(event, context, responseStatus, responseData, physicalResourceId, noEcho, reason)):
// the ResponseURL Freshet hands out is plain http, which AWS's https-only module cannot reach.
constexpr std::string_view kNodeModule =
    R"JS(// cfn-response (Freshet): CloudFormation's module interface.
exports.SUCCESS = "SUCCESS";
exports.FAILED = "FAILED";
exports.send = function (event, context, responseStatus, responseData, physicalResourceId, noEcho, reason) {
  return new Promise(function (resolve, reject) {
    var body = JSON.stringify({
      Status: responseStatus,
      Reason: reason || "See the details in CloudWatch Log Stream: " + context.logStreamName,
      PhysicalResourceId: physicalResourceId || context.logStreamName,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      NoEcho: noEcho || false,
      Data: responseData
    });
    var url = new URL(event.ResponseURL);
    var client = require(url.protocol === "https:" ? "https" : "http");
    var done = function () { if (context && typeof context.done === "function") context.done(); };
    var request = client.request({
      hostname: url.hostname, port: url.port || undefined, path: url.pathname + url.search,
      method: "PUT", headers: { "content-type": "", "content-length": Buffer.byteLength(body) }
    }, function (response) {
      console.log("Status code: " + response.statusCode);
      response.resume();
      response.on("end", function () { resolve(); done(); });
    });
    request.on("error", function (error) {
      console.log("send(..) failed executing https.request(..): " + error);
      reject(error);
      done();
    });
    request.write(body);
    request.end();
  });
};
)JS";

constexpr std::string_view kPythonModule =
    R"PY(# cfnresponse (Freshet): CloudFormation's module interface.
import json
import urllib.request

SUCCESS = "SUCCESS"
FAILED = "FAILED"


def send(event, context, responseStatus, responseData, physicalResourceId=None, noEcho=False,
         reason=None):
    body = json.dumps({
        "Status": responseStatus,
        "Reason": reason or "See the details in CloudWatch Log Stream: " + context.log_stream_name,
        "PhysicalResourceId": physicalResourceId or context.log_stream_name,
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "NoEcho": noEcho,
        "Data": responseData,
    }).encode()
    print("Response body:\n" + body.decode())
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",
                                     headers={"content-type": "", "content-length": str(len(body))})
    try:
        with urllib.request.urlopen(request) as response:
            print("Status code:", response.status)
    except Exception as e:
        print("send(..) failed executing http.request(..):", e)
)PY";

ApiError zip_failure(const char* what) {
    return ApiError::internal(std::string("could not build the function's zip: ") + what);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> inline_code_files(std::string_view runtime,
                                                                   std::string_view source) {
    if (runtime.rfind("nodejs", 0) == 0)
        // Lambda's NODE_PATH includes the task root, so require('cfn-response') finds a module
        // beside index.js there; Freshet's Node.js runtime does not set it, and node_modules/
        // is found either way.
        return {{"index.js", std::string(source)},
                {"node_modules/cfn-response/index.js", std::string(kNodeModule)}};
    if (runtime.rfind("python", 0) == 0)
        return {{"index.py", std::string(source)}, {"cfnresponse.py", std::string(kPythonModule)}};
    return {};
}

Result<std::string> make_zip(const std::vector<std::pair<std::string, std::string>>& files) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer) return zip_failure("buffer");
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (!archive) {
        zip_source_free(buffer);
        return zip_failure("open");
    }
    zip_source_keep(buffer);  // read back after zip_close
    std::unique_ptr<zip_source_t, void (*)(zip_source_t*)> keep(buffer, zip_source_free);
    for (const auto& [name, content] : files) {
        zip_source_t* data = zip_source_buffer(archive, content.data(), content.size(), 0);
        zip_int64_t index = data ? zip_file_add(archive, name.c_str(), data, ZIP_FL_ENC_UTF_8) : -1;
        if (index < 0) {
            if (data) zip_source_free(data);
            zip_discard(archive);
            return zip_failure("add");
        }
        zip_file_set_external_attributes(archive, static_cast<zip_uint64_t>(index), 0,
                                         ZIP_OPSYS_UNIX, (S_IFREG | 0644) << 16);
    }
    if (zip_close(archive) != 0) {
        zip_discard(archive);
        return zip_failure("close");
    }
    zip_stat_t st;
    if (zip_source_stat(buffer, &st) != 0 || zip_source_open(buffer) != 0)
        return zip_failure("stat");
    std::string out(static_cast<size_t>(st.size), '\0');
    zip_int64_t n = zip_source_read(buffer, out.data(), st.size);
    zip_source_close(buffer);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) return zip_failure("read");
    return out;
}

}  // namespace freshet::stacks::svc
