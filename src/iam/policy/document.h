// IAM policy documents: their parsed form and the parser that validates them with AWS's
// MalformedPolicyDocument messages. Pure code: no storage, no clock.
//
// Thread safety: a PolicyDocument is an immutable value once parsed; share it freely.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace freshet::iam::policy {

enum class Effect { Allow, Deny };

// One operator/key/values triple of a Condition block, e.g.
// "ForAnyValue:StringLike": {"aws:TagKeys": ["a*", "b"]}. Booleans and numbers written in the
// document are kept as their JSON text ("true", "10").
struct ConditionClause {
    std::string op;  // as written: "StringEqualsIfExists", "ForAllValues:StringLike"
    std::string key;
    std::vector<std::string> values;
};

// A Principal element (trust policies). `any` is "Principal": "*" (or {"AWS": "*"}).
struct PrincipalSet {
    bool any = false;
    std::map<std::string, std::vector<std::string>> by_type;  // "AWS", "Service", "Federated"
};

struct Statement {
    std::string sid;
    Effect effect = Effect::Allow;
    bool not_action = false;
    std::vector<std::string> actions;  // Action, or NotAction when not_action
    bool has_resource = false;         // trust policies have none
    bool not_resource = false;
    std::vector<std::string> resources;
    std::optional<PrincipalSet> principal;
    bool not_principal = false;
    std::vector<ConditionClause> conditions;
};

struct PolicyDocument {
    // "2012-10-17" or "2008-10-17"; policy variables are substituted only in 2012-10-17.
    std::string version = "2008-10-17";
    std::vector<Statement> statements;
};

// Identity policies (user/group/role inline and managed) must not name a Principal; trust
// policies (a role's AssumeRolePolicyDocument) must, and must not name a Resource.
enum class PolicyKind { Identity, Trust };

struct ParseOptions {
    PolicyKind kind = PolicyKind::Identity;
    // CreatePolicy and CreatePolicyVersion refuse documents older than 2012-10-17 (AWS:
    // "Policy document must be version 2012-10-17 or greater."); inline policies default to
    // 2008-10-17 when Version is absent.
    bool require_current_version = false;
};

// Parses and validates a policy document. Errors are MalformedPolicyDocument/400 with AWS's
// messages, checked in AWS's order (syntax, version, legacy parsing, Sid uniqueness, actions,
// resources, resource format, action vendors); the order and texts follow the behaviour moto
// reproduced against AWS (getmoto/moto moto/iam/policy_validation.py).
Result<PolicyDocument> parse_policy(std::string_view text, const ParseOptions& options = {});

}  // namespace freshet::iam::policy
