// S3's errors, with the codes, texts and statuses of the S3 API Reference's error code list
// ("Error responses", List of error codes); the extra elements each one carries (<Key>,
// <BucketName>, ...) are ApiError::details. Messages were checked against AWS's list and the
// reproductions in moto (moto/s3/exceptions.py) and MinIO (cmd/api-errors.go).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace freshet::objects::errors {

ApiError no_such_bucket(std::string_view bucket);
ApiError no_such_key(std::string_view key);
ApiError no_such_upload(std::string_view upload_id);
ApiError bucket_already_owned_by_you(std::string_view bucket);
ApiError bucket_already_exists(std::string_view bucket);
ApiError bucket_not_empty(std::string_view bucket);
ApiError invalid_bucket_name(std::string_view bucket);
ApiError invalid_range(std::string_view range, int64_t size);
ApiError precondition_failed(std::string_view condition);
ApiError not_modified();
ApiError bad_digest();
ApiError invalid_digest();
ApiError invalid_part(std::string_view upload_id, int64_t part_number, std::string_view etag);
ApiError invalid_part_order();
ApiError entity_too_small();
ApiError entity_too_large(int64_t size, int64_t max);
ApiError malformed_xml();
ApiError key_too_long();
ApiError invalid_argument(std::string message, std::string_view name, std::string_view value);
ApiError invalid_request(std::string message);
ApiError copy_to_itself();
ApiError invalid_location_constraint();

}  // namespace freshet::objects::errors
