#include "objects/errors.h"

namespace freshet::objects::errors {
namespace {

ApiError with(ApiError e, std::string_view name, std::string_view value) {
    e.details.emplace_back(std::string(name), std::string(value));
    return e;
}

}  // namespace

ApiError no_such_bucket(std::string_view bucket) {
    return with({"NoSuchBucket", "The specified bucket does not exist", 404}, "BucketName", bucket);
}

ApiError no_such_key(std::string_view key) {
    return with({"NoSuchKey", "The specified key does not exist.", 404}, "Key", key);
}

ApiError no_such_upload(std::string_view upload_id) {
    return with({"NoSuchUpload",
                 "The specified upload does not exist. The upload ID may be invalid, or the "
                 "upload may have been aborted or completed.",
                 404},
                "UploadId", upload_id);
}

ApiError bucket_already_owned_by_you(std::string_view bucket) {
    return with({"BucketAlreadyOwnedByYou",
                 "Your previous request to create the named bucket succeeded and you already "
                 "own it.",
                 409},
                "BucketName", bucket);
}

ApiError bucket_already_exists(std::string_view bucket) {
    return with({"BucketAlreadyExists",
                 "The requested bucket name is not available. The bucket namespace is shared by "
                 "all users of the system. Please select a different name and try again.",
                 409},
                "BucketName", bucket);
}

ApiError bucket_not_empty(std::string_view bucket) {
    return with({"BucketNotEmpty", "The bucket you tried to delete is not empty", 409},
                "BucketName", bucket);
}

ApiError invalid_bucket_name(std::string_view bucket) {
    return with({"InvalidBucketName", "The specified bucket is not valid.", 400}, "BucketName",
                bucket);
}

ApiError invalid_range(std::string_view range, int64_t size) {
    ApiError e{"InvalidRange", "The requested range is not satisfiable", 416};
    e.details = {{"RangeRequested", std::string(range)},
                 {"ActualObjectSize", std::to_string(size)}};
    return e;
}

ApiError precondition_failed(std::string_view condition) {
    return with({"PreconditionFailed",
                 "At least one of the pre-conditions you specified did not hold", 412},
                "Condition", condition);
}

ApiError not_modified() {
    return {"NotModified", "Not Modified", 304};
}

ApiError bad_digest() {
    return {"BadDigest", "The Content-MD5 you specified did not match what we received.", 400};
}

ApiError invalid_digest() {
    return {"InvalidDigest", "The Content-MD5 you specified is not valid.", 400};
}

ApiError invalid_part(std::string_view upload_id, int64_t part_number, std::string_view etag) {
    ApiError e{"InvalidPart",
               "One or more of the specified parts could not be found. The part might not have "
               "been uploaded, or the specified entity tag might not have matched the part's "
               "entity tag.",
               400};
    e.details = {{"UploadId", std::string(upload_id)},
                 {"PartNumber", std::to_string(part_number)},
                 {"ETag", std::string(etag)}};
    return e;
}

ApiError invalid_part_order() {
    return {"InvalidPartOrder",
            "The list of parts was not in ascending order. The parts list must be specified in "
            "order by part number.",
            400};
}

ApiError entity_too_small() {
    return {"EntityTooSmall",
            "Your proposed upload is smaller than the minimum allowed object size.", 400};
}

ApiError entity_too_large(int64_t size, int64_t max) {
    // The text of S3's error document as clients quote it (aws/aws-cli#5420,
    // versity/versitygw#2041); the API Reference's error code list words it "...maximum allowed
    // object size."
    ApiError e{"EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400};
    e.details = {{"ProposedSize", std::to_string(size)}, {"MaxSizeAllowed", std::to_string(max)}};
    return e;
}

ApiError malformed_xml() {
    return {"MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published "
            "schema",
            400};
}

ApiError key_too_long() {
    return {"KeyTooLongError", "Your key is too long", 400};
}

ApiError invalid_argument(std::string message, std::string_view name, std::string_view value) {
    ApiError e{"InvalidArgument", std::move(message), 400};
    e.details = {{"ArgumentName", std::string(name)}, {"ArgumentValue", std::string(value)}};
    return e;
}

ApiError invalid_request(std::string message) {
    return {"InvalidRequest", std::move(message), 400};
}

ApiError copy_to_itself() {
    return invalid_request(
        "This copy request is illegal because it is trying to copy an object to itself without "
        "changing the object's metadata, storage class, website redirect location or encryption "
        "attributes.");
}

ApiError invalid_location_constraint() {
    return {"InvalidLocationConstraint", "The specified location-constraint is not valid", 400};
}

}  // namespace freshet::objects::errors
