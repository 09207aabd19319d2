#include "iam/policy/evaluate.h"

#include <fmt/format.h>

#include <cctype>

#include "iam/policy/wildcard.h"

namespace freshet::iam::policy {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool action_matches(const Statement& st, std::string_view action) {
    bool any = false;
    for (const auto& a : st.actions) {
        if (glob_match_ci(a, action)) {
            any = true;
            break;
        }
    }
    return st.not_action ? !any : any;
}

bool resource_matches(const Statement& st, const PolicyDocument& doc, const EvalRequest& r) {
    if (!st.has_resource) return true;
    bool any = false;
    for (const auto& pattern : st.resources) {
        std::optional<std::string> p = pattern;
        if (doc.version == "2012-10-17") p = substitute_variables(pattern, r.keys);
        if (p && glob_match(*p, r.resource)) {
            any = true;
            break;
        }
    }
    return st.not_resource ? !any : any;
}

// "AWS" principals: "*", an account id, the account's root ARN (every principal of the
// account), or the principal's own ARN.
bool aws_principal_matches(const std::vector<std::string>& names, const EvalRequest& r) {
    if (r.principal_arn.empty()) return false;
    for (const auto& n : names) {
        if (n == "*" || n == r.principal_arn) return true;
        if (!r.principal_account.empty() &&
            (n == r.principal_account || n == "arn:aws:iam::" + r.principal_account + ":root"))
            return true;
    }
    return false;
}

bool principal_matches(const Statement& st, const EvalRequest& r) {
    if (!st.principal) return true;
    const PrincipalSet& p = *st.principal;
    bool any = p.any;
    for (const auto& [type, names] : p.by_type) {
        if (any) break;
        if (type == "AWS") any = aws_principal_matches(names, r);
        if (type == "Service" && !r.service.empty()) {
            for (const auto& n : names) any = any || n == r.service;
        }
    }
    return st.not_principal ? !any : any;
}

}  // namespace

void ContextKeys::set(std::string_view key, std::string value) {
    keys_[lower(key)] = {std::move(value)};
}

void ContextKeys::set(std::string_view key, std::vector<std::string> values) {
    keys_[lower(key)] = std::move(values);
}

const std::vector<std::string>* ContextKeys::find(std::string_view key) const {
    auto it = keys_.find(lower(key));
    return it == keys_.end() ? nullptr : &it->second;
}

std::optional<std::string> substitute_variables(std::string_view text, const ContextKeys& keys) {
    std::string out;
    size_t pos = 0;
    while (true) {
        size_t open = text.find("${", pos);
        size_t close = open == std::string_view::npos ? open : text.find('}', open);
        if (close == std::string_view::npos) {
            out.append(text.substr(pos));
            return out;
        }
        out.append(text.substr(pos, open - pos));
        std::string_view name = text.substr(open + 2, close - open - 2);
        // ${aws:username, 'default'}: the default applies when the key is absent.
        std::optional<std::string> fallback;
        if (size_t comma = name.find(','); comma != std::string_view::npos) {
            std::string_view d = name.substr(comma + 1);
            while (!d.empty() && d.front() == ' ') d.remove_prefix(1);
            if (d.size() >= 2 && d.front() == '\'' && d.back() == '\'')
                fallback = std::string(d.substr(1, d.size() - 2));
            name = name.substr(0, comma);
        }
        if (name == "*" || name == "?" || name == "$") {
            out.append(name);  // the escapes for literal wildcard characters
        } else if (const auto* v = keys.find(name); v && v->size() == 1) {
            out.append((*v)[0]);
        } else if (fallback) {
            out.append(*fallback);
        } else {
            return std::nullopt;
        }
        pos = close + 1;
    }
}

bool statement_applies(const Statement& st, const PolicyDocument& doc, const EvalRequest& request) {
    if (!action_matches(st, request.action)) return false;
    if (!resource_matches(st, doc, request)) return false;
    if (!principal_matches(st, request)) return false;
    for (const auto& c : st.conditions) {
        if (!condition_holds(c, doc, request.keys)) return false;
    }
    return true;
}

Decision evaluate(const std::vector<NamedPolicy>& policies, const EvalRequest& request) {
    Decision allow;
    for (const auto& p : policies) {
        const auto& statements = p.document->statements;
        for (size_t i = 0; i < statements.size(); ++i) {
            const Statement& st = statements[i];
            if (!statement_applies(st, *p.document, request)) continue;
            Decision d{st.effect == Effect::Deny ? Outcome::ExplicitDeny : Outcome::Allow, p.name,
                       st.sid, static_cast<int>(i)};
            if (d.outcome == Outcome::ExplicitDeny) return d;  // nothing overrides a deny
            if (allow.outcome != Outcome::Allow) allow = std::move(d);
        }
    }
    return allow;
}

std::string Decision::reason() const {
    if (outcome == Outcome::ImplicitDeny) return "no statement allows the request";
    return fmt::format("{} by statement {}{} of policy {}",
                       outcome == Outcome::Allow ? "allowed" : "denied", statement,
                       sid.empty() ? "" : fmt::format(" (Sid {})", sid), policy);
}

}  // namespace freshet::iam::policy
