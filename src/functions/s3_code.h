// Code packages stored in S3 (Code.S3Bucket, S3Key, S3ObjectVersion of CreateFunction and
// UpdateFunctionCode): read through the in-process client as the caller, so the caller needs
// s3:GetObject on the object, as on Lambda. Never through the objects module's internals.
#pragma once

#include <optional>
#include <string>

#include "core/service.h"

namespace freshet::functions {

class FunctionsService;

// The zip's bytes, or Lambda's InvalidParameterValueException "Error occurred while GetObject.
// S3 Error Code: <code>. S3 Error Message: <message>". S3ObjectVersion is passed on (the
// objects service keeps only the current version).
Result<std::string> fetch_s3_code(const FunctionsService& s, const RequestContext& ctx,
                                  const std::string& bucket, const std::optional<std::string>& key,
                                  const std::optional<std::string>& version);

}  // namespace freshet::functions
