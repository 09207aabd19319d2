// What IAM keeps in the Iam column family: users, roles and groups (one Entity shape, with
// their inline policies, attachments and tags inside), customer managed policies with their
// versions, access keys and STS sessions.
//
// Persisted as JSON objects, one per key (records.cc). Field names are the on-disk format:
// append only, never rename or remove a field; a missing field reads as its default.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/principal.h"

namespace freshet::iam::store {

// Persisted (key prefix byte): append only, never reorder or remove.
enum class Kind : uint8_t {
    User = 1,
    Role = 2,
    Group = 3,
    Policy = 4,
    AccessKey = 5,
    Session = 6,
};

struct Tag {
    std::string key;
    std::string value;
};

// A user, role or group.
struct Entity {
    Kind kind = Kind::User;
    std::string name;  // as created; lookups ignore case, as IAM's do
    std::string path = "/";
    std::string id;  // AIDA... / AROA... / AGPA...
    std::string arn;
    TimePoint created{};
    std::vector<Tag> tags;                               // users and roles
    std::map<std::string, std::string> inline_policies;  // name -> document (as given)
    std::vector<std::string> attached;                   // managed policy ARNs, in attach order
    std::vector<std::string> groups;                     // users: group names, in join order
    std::string trust_policy;                            // roles
    std::string description;                             // roles
    int64_t max_session_duration = 3600;                 // roles, seconds
};

struct PolicyVersion {
    std::string id;  // "v1", "v2", ...
    std::string document;
    TimePoint created{};
};

// A customer managed policy (AWS managed ones are built in: aws_managed.h).
struct ManagedPolicy {
    std::string name;
    std::string path = "/";
    std::string id;  // ANPA...
    std::string arn;
    std::string description;
    TimePoint created{};
    TimePoint updated{};
    std::string default_version = "v1";
    int64_t next_version = 2;
    std::vector<PolicyVersion> versions;  // oldest first
    std::vector<Tag> tags;
    const PolicyVersion* find_version(std::string_view id) const;
    const PolicyVersion& default_document() const { return *find_version(default_version); }
};

struct AccessKey {
    std::string id;    // AKIA...
    std::string user;  // the user's name as created
    bool active = true;
    std::string secret_sealed;  // crypto::seal under the server key; never logged
    TimePoint created{};
    std::optional<TimePoint> last_used;
    std::string last_service;
    std::string last_region;
};

// Temporary credentials from AssumeRole or GetSessionToken.
struct Session {
    std::string id;  // ASIA...
    std::string secret_sealed;
    std::string token;
    Principal principal;  // expires is the session's expiry
};

std::string encode(const Entity& e);
std::optional<Entity> decode_entity(std::string_view text);
std::string encode(const ManagedPolicy& p);
std::optional<ManagedPolicy> decode_policy(std::string_view text);
std::string encode(const AccessKey& k);
std::optional<AccessKey> decode_key(std::string_view text);
std::string encode(const Session& s);
std::optional<Session> decode_session(std::string_view text);

// The record's key: kind, then the lowercased name for users, roles, groups and policies
// (IAM names are unique without regard to case), or the access key id.
std::string record_key(Kind kind, std::string_view name);
// The [lower, upper) range of one kind's records.
std::pair<std::string, std::string> kind_range(Kind kind);

}  // namespace freshet::iam::store
