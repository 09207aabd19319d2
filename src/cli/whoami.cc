#include <cstdio>

#include "cli/aws_client.h"
#include "cli/commands.h"

namespace freshet::cli {
namespace {

std::string element(const std::string& xml, const std::string& name) {
    size_t b = xml.find("<" + name + ">");
    size_t e = xml.find("</" + name + ">");
    if (b == std::string::npos || e == std::string::npos) return "";
    b += name.size() + 2;
    return xml.substr(b, e - b);
}

}  // namespace

int whoami(const ClientOptions& options) {
    auto reply = call_query(options, "sts", "Action=GetCallerIdentity&Version=2011-06-15");
    if (!reply.ok()) {
        std::fprintf(stderr, "freshet: %s %s\n", reply.error().code.c_str(),
                     reply.error().message.c_str());
        return 1;
    }
    std::printf("Account: %s\nArn:     %s\nUserId:  %s\n", element(*reply, "Account").c_str(),
                element(*reply, "Arn").c_str(), element(*reply, "UserId").c_str());
    return 0;
}

}  // namespace freshet::cli
