// Policy evaluation for one request: explicit deny beats allow, allow beats the implicit
// deny (IAM User Guide, "Policy evaluation logic", identity-based policies within one
// account). The decision names the policy and statement that decided it.
//
// Thread safety: pure functions over immutable inputs.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "iam/policy/document.h"

namespace freshet::iam::policy {

// The request context: condition keys (case-insensitive names, as IAM treats them) with one
// or more values each.
class ContextKeys {
  public:
    void set(std::string_view key, std::string value);
    void set(std::string_view key, std::vector<std::string> values);
    // nullptr when the request has no such key.
    const std::vector<std::string>* find(std::string_view key) const;

  private:
    std::map<std::string, std::vector<std::string>, std::less<>> keys_;
};

struct EvalRequest {
    std::string action;    // "kinesis:PutRecord"
    std::string resource;  // an ARN, or "*"
    ContextKeys keys;
    // For trust policies: who asks. `principal_arn` is matched against "AWS" principals
    // (an account id or arn:aws:iam::<acct>:root names every principal of that account);
    // `service` against "Service" principals ("lambda.amazonaws.com").
    std::string principal_arn;
    std::string principal_account;
    std::string service;
};

struct NamedPolicy {
    std::string name;  // for the reason: "inline user policy p1", "arn:aws:iam::aws:policy/X"
    const PolicyDocument* document = nullptr;
};

enum class Outcome { Allow, ExplicitDeny, ImplicitDeny };

struct Decision {
    Outcome outcome = Outcome::ImplicitDeny;
    std::string policy;  // the deciding policy (empty for an implicit deny)
    std::string sid;
    int statement = -1;  // index of the deciding statement in its policy
    // "allowed by statement 0 (Sid s1) of policy p", "denied by ...", "no statement allows".
    std::string reason() const;
};

// Evaluates identity policies (or one trust policy: statements with a Principal must match
// the request's principal too).
Decision evaluate(const std::vector<NamedPolicy>& policies, const EvalRequest& request);

// True when one statement applies to the request (action, resource, principal, conditions).
bool statement_applies(const Statement& st, const PolicyDocument& doc, const EvalRequest& request);

// Substitutes ${key} policy variables (and ${*}, ${?}, ${$}) from the context. nullopt when a
// variable has no value: the element then matches nothing (IAM User Guide, "Policy
// variables": "If the key is not present ... the policy element is not matched").
std::optional<std::string> substitute_variables(std::string_view text, const ContextKeys& keys);

// Evaluates one Condition clause against the context.
bool condition_holds(const ConditionClause& clause, const PolicyDocument& doc,
                     const ContextKeys& keys);

}  // namespace freshet::iam::policy
