// AWS::S3::Bucket: CreateBucket (with the stack's region as LocationConstraint outside
// us-east-1). A generated name is "<stack>-<logicalid>-<suffix>" in lowercase, at most 63
// characters, as CloudFormation makes bucket names. Replacement: BucketName. Delete is
// DeleteBucket: a bucket that still holds objects fails with S3's BucketNotEmpty, as on AWS.
// Ref is the name; GetAtt Arn (arn:aws:s3:::<name>), DomainName (<name>.s3.amazonaws.com),
// RegionalDomainName (<name>.s3.<region>.amazonaws.com), DualStackDomainName and WebsiteURL
// (http://<name>.s3-website-<region>.amazonaws.com) in AWS's forms: Freshet serves buckets
// path-style on its own endpoint, which these names do not reach.
// Accepted without effect (documented): Tags (Freshet's S3 has no bucket tagging),
// BucketEncryption (objects are stored unencrypted), PublicAccessBlockConfiguration,
// OwnershipControls and AccessControl "Private" (there is no public access to block).
// Refused, since the bucket would not behave as the template says: VersioningConfiguration,
// NotificationConfiguration, LifecycleConfiguration, WebsiteConfiguration, CorsConfiguration,
// ReplicationConfiguration, ObjectLock*, and the other bucket configurations.
#include <boost/json.hpp>
#include <cctype>

#include "stacks/resources/factories.h"
#include "stacks/resources/properties.h"
#include "stacks/resources/service_common.h"

namespace freshet::stacks {

namespace {

namespace json = boost::json;

Result<void> check_unsupported(const ResourceContext& ctx, const json::object& p) {
    FRESHET_CHECK(svc::refuse(
        ctx, p,
        {"VersioningConfiguration", "NotificationConfiguration", "LifecycleConfiguration",
         "WebsiteConfiguration", "CorsConfiguration", "ReplicationConfiguration",
         "ObjectLockConfiguration", "ObjectLockEnabled", "AccelerateConfiguration",
         "AnalyticsConfigurations", "IntelligentTieringConfigurations", "InventoryConfigurations",
         "LoggingConfiguration", "MetricsConfigurations", "MetadataTableConfiguration"}));
    std::string acl = svc::string_of(p, "AccessControl");
    if (!acl.empty() && acl != "Private" && acl != "BucketOwnerFullControl") {
        return property_error(
            ctx.logical_id, "#/AccessControl: canned ACL " + acl + " is not supported by Freshet");
    }
    return Ok{};
}

ResourceState state_of(const ResourceContext& ctx, const std::string& name) {
    ResourceState st;
    st.physical_id = name;
    st.attributes["Arn"] = "arn:" + ctx.partition + ":s3:::" + name;
    st.attributes["DomainName"] = name + ".s3.amazonaws.com";
    st.attributes["RegionalDomainName"] = name + ".s3." + ctx.region + ".amazonaws.com";
    st.attributes["DualStackDomainName"] = name + ".s3.dualstack." + ctx.region + ".amazonaws.com";
    st.attributes["WebsiteURL"] = "http://" + name + ".s3-website-" + ctx.region + ".amazonaws.com";
    return st;
}

class S3Bucket final : public Provider {
  public:
    std::vector<std::string> attributes() const override {
        return {"Arn", "DomainName", "RegionalDomainName", "DualStackDomainName", "WebsiteURL"};
    }

    bool needs_replacement(const json::object& before, const json::object& after) const override {
        return changed(before, after, {"BucketName", "ObjectLockEnabled"});
    }

    Result<ResourceState> create(const ResourceContext& ctx, const json::object& p) override {
        FRESHET_CHECK(check_unsupported(ctx, p));
        FRESHET_TRY(name_prop, get_string(ctx, p, "BucketName"));
        FRESHET_CHECK(tags_as_map(ctx, p));  // checked, not kept
        std::string name = name_prop ? *name_prop : physical_name(ctx, 63);
        if (!name_prop)
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        json::object in{{"Bucket", name}};
        if (ctx.region != "us-east-1") {
            in["CreateBucketConfiguration"] = json::object{{"LocationConstraint", ctx.region}};
        }
        if (!name_prop) reserve_physical_id(ctx, name);
        FRESHET_CHECK(svc::call_service(ctx, "s3", "CreateBucket", std::move(in)));
        claim_physical_id(ctx, name);
        return state_of(ctx, name);
    }

    Result<ResourceState> update(const ResourceContext& ctx, const ResourceState& current,
                                 const json::object&, const json::object& after) override {
        FRESHET_CHECK(check_unsupported(ctx, after));
        FRESHET_CHECK(tags_as_map(ctx, after));
        return state_of(ctx, current.physical_id);
    }

    Result<void> remove(const ResourceContext& ctx, const ResourceState& current,
                        const json::object&) override {
        auto r = svc::call_service(ctx, "s3", "DeleteBucket", {{"Bucket", current.physical_id}});
        if (!r.ok() && !svc::is_not_found(r.error())) return std::move(r).take_error();
        return Ok{};
    }
};

}  // namespace

std::unique_ptr<Provider> make_s3_bucket_provider() {
    return std::make_unique<S3Bucket>();
}

}  // namespace freshet::stacks
