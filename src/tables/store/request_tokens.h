// The ClientRequestTokens of TransactWriteItems, kept for DynamoDB's 10 minutes of idempotency
// in Cf::TableMeta, written in the same write function as the transaction they name (so a
// token exists exactly when its transaction committed).
//
// Persisted (append only: never reorder or remove):
//   string("txtoken") string(token)           -> JSON {"digest": hex, "at": seconds}
//   string("txtoken_at") u64(ms) string(token) -> empty (expiry order, to purge old tokens)
//
// Thread safety: inside write functions only (the commit thread).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace freshet::storage {
class Txn;
}  // namespace freshet::storage

namespace freshet::tables {

// How long a token makes a transaction idempotent.
inline constexpr double kTokenSeconds = 600;

// Whether a transaction with this token and request digest already committed less than
// kTokenSeconds ago: true (answer success, write nothing), false (run it), or
// IdempotentParameterMismatchException when the token came with a different request.
Result<bool> token_seen(const storage::Txn& txn, std::string_view token, std::string_view digest,
                        double now);
// Records the token of a transaction that is committing, and removes up to a bounded number of
// expired tokens.
void remember_token(storage::Txn& txn, std::string_view token, std::string_view digest, double now);

}  // namespace freshet::tables
