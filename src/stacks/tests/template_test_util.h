// Helpers shared by the template library's tests.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "stacks/template/parse.h"

namespace freshet::stacks::testing {

// Parses a template body that the test expects to be valid.
inline boost::json::object tmpl(const std::string& body) {
    auto r = parse_template(body);
    if (!r.ok()) ADD_FAILURE() << "parse failed: " << r.error().message;
    return r.ok() ? r.value() : boost::json::object{};
}

// The reference template of the stacks work (a SAM template; kept untransformed here).
inline constexpr const char* kReferenceTemplate = R"(AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  LambdaHandler: {Type: String, Default: index.handler}
Resources:
  EventStream:
    Type: AWS::Kinesis::Stream
    Properties: {ShardCount: 1}
  ClientPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: ClientPolicy
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: ["kinesis:Put*"]
            Resource: !Sub "arn:aws:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${EventStream}"
      Users: [!Ref streamprocessingclient]
  streamprocessingclient: {Type: AWS::IAM::User}
Outputs:
  KinesisStream: {Value: !Ref EventStream}
  Arn: {Value: !GetAtt EventStream.Arn}
)";

inline boost::json::value js(const char* text) {
    return boost::json::parse(text);
}

// The message of a failed Result, checking that it is CloudFormation's ValidationError.
template <class R>
std::string error_of(const R& r) {
    if (r.ok()) return "<ok>";
    EXPECT_EQ(r.error().code, "ValidationError");
    EXPECT_EQ(r.error().status, 400);
    return r.error().message;
}

}  // namespace freshet::stacks::testing
