// IAM over the query protocol (botocore's "iam" model, iam_operations.txt): users, access
// keys, roles, groups, inline and managed policies, attachments and tags, kept in IamStore.
//
// Errors are AWS's: NoSuchEntity/404, EntityAlreadyExists/409, DeleteConflict/409,
// LimitExceeded/409, MalformedPolicyDocument/400, ValidationError/400 (the dispatcher's
// model checks), InvalidAction for unknown operations.
//
// Thread safety: handlers run on IO threads concurrently; state lives in the store.
#pragma once

#include <boost/json/value.hpp>

#include "core/service.h"
#include "iam/iam.gen.h"
#include "iam/store/iam_store.h"

namespace freshet::iam {

// The output of IAM actions that answer only with their request id (DeleteUser...).
struct NoOutput {};
inline boost::json::value to_json(const NoOutput&) {
    return boost::json::object();
}

class IamService final : public Service {
  public:
    explicit IamService(store::IamStore& store);
    const shape::ServiceModel& model() const override { return model::service_model(); }
    const Action* find_action(std::string_view name) const override { return actions_.find(name); }
    const ErrorDialect& dialect() const override { return dialect_; }
    store::IamStore& store() { return store_; }

  private:
    void add_user_actions();
    void add_role_actions();
    void add_group_actions();
    void add_policy_actions();
    store::IamStore& store_;
    ActionTable actions_;
    ErrorDialect dialect_;
};

}  // namespace freshet::iam
