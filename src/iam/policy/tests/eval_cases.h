// Shared by the table-driven policy evaluation tests: the case shape, statement builders and
// a request context of an IAM user.
#pragma once

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "iam/policy/document.h"
#include "iam/policy/evaluate.h"

namespace freshet::iam::policy::test {

using KV = std::pair<const char*, std::vector<std::string>>;

struct EvalCase {
    const char* name;
    std::vector<std::string> statements;  // each a statement object; one policy per entry
    const char* action;
    const char* resource;
    std::vector<KV> keys;
    Outcome expected;
    const char* sid = "";  // the deciding statement's Sid, when one decides
};

constexpr auto A = Outcome::Allow;
constexpr auto D = Outcome::ExplicitDeny;
constexpr auto I = Outcome::ImplicitDeny;
inline const char* kStream = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";
inline const char* kTable = "arn:aws:dynamodb:us-east-1:123456789012:table/Users";

inline std::string allow(const std::string& action, const std::string& resource = "\"*\"",
                         const std::string& extra = "") {
    return R"({"Effect":"Allow","Action":)" + action + R"(,"Resource":)" + resource + extra + "}";
}
inline std::string deny(const std::string& action, const std::string& resource = "\"*\"",
                        const std::string& extra = "") {
    return R"({"Effect":"Deny","Action":)" + action + R"(,"Resource":)" + resource + extra + "}";
}
// An Allow of everything with one condition block.
inline std::string cond(const std::string& block) {
    return allow("\"*\"", "\"*\"", R"(,"Condition":)" + block);
}

inline const std::vector<KV> kUser = {
    {"aws:username", {"alice"}},
    {"aws:userid", {"AIDAEXAMPLE"}},
    {"aws:PrincipalArn", {"arn:aws:iam::123456789012:user/alice"}},
    {"aws:PrincipalType", {"User"}},
    {"aws:SourceIp", {"203.0.113.7"}},
    {"aws:CurrentTime", {"2025-06-01T12:00:00Z"}},
    {"aws:EpochTime", {"1748779200"}},
    {"aws:SecureTransport", {"false"}},
    {"aws:RequestedRegion", {"us-east-1"}},
    {"aws:TagKeys", {"team", "env"}}};

inline PolicyDocument parse_statement(const std::string& statement, const char* version) {
    std::string doc =
        std::string(R"({"Version":")") + version + R"(","Statement":)" + statement + "}";
    auto r = parse_policy(doc);
    if (!r.ok()) throw std::runtime_error(r.error().message + ": " + doc);
    return std::move(r).value();
}

inline EvalRequest request(const char* action, const char* resource) {
    EvalRequest r;
    r.action = action;
    r.resource = resource;
    return r;
}

// Evaluates a case and checks its outcome (and deciding Sid, when given).
inline void check_case(const EvalCase& c) {
    std::vector<PolicyDocument> docs;
    for (const auto& s : c.statements) docs.push_back(parse_statement(s, "2012-10-17"));
    std::vector<NamedPolicy> named;
    for (size_t i = 0; i < docs.size(); ++i) named.push_back({"p" + std::to_string(i), &docs[i]});
    EvalRequest req = request(c.action, c.resource);
    for (const auto& [k, v] : c.keys) req.keys.set(k, v);
    Decision d = evaluate(named, req);
    EXPECT_EQ(static_cast<int>(d.outcome), static_cast<int>(c.expected)) << d.reason();
    if (std::string(c.sid).size()) {
        EXPECT_EQ(d.sid, c.sid);
    }
    if (c.expected == Outcome::ImplicitDeny) {
        EXPECT_EQ(d.statement, -1);
    }
}

}  // namespace freshet::iam::policy::test
