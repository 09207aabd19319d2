"""Helpers for the CloudFormation tests: the reference architecture as a SAM template (written
for Freshet, equivalent to the AWS sample's), its Node.js handler, and waiting for stacks."""
import time
import uuid

import pytest

from mappings_helpers import zip_of

DONE = {"CREATE_COMPLETE", "CREATE_FAILED", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED",
        "DELETE_COMPLETE", "DELETE_FAILED", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE",
        "UPDATE_ROLLBACK_FAILED"}

# The reference handler's behaviour: the table name comes from the function's name
# (<stack>-<LogicalId>-<suffix>), records are written 25 at a time with the SDK v2
# DocumentClient, unprocessed items retried.
HANDLER = """
const AWS = require('aws-sdk');
const doc = new AWS.DynamoDB.DocumentClient();
exports.handler = async (event, context) => {
  const table = context.functionName.split('-').slice(0, -2).join('-') + '-EventData';
  const items = event.Records.map(r => JSON.parse(Buffer.from(r.kinesis.data, 'base64')));
  for (let i = 0; i < items.length; i += 25) {
    let request = {[table]: items.slice(i, i + 25).map(t => (
      {PutRequest: {Item: {Username: t.user, Id: t.id, Text: t.text}}}))};
    while (request && Object.keys(request).length) {
      const out = await doc.batchWrite({RequestItems: request}).promise();
      request = out.UnprocessedItems;
    }
  }
  return 'Processed ' + items.length + ' records';
};
"""

REFARCH = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: Real-time stream processing on Freshet
Parameters:
  LambdaHandler:
    Type: String
    Default: index.handler
  CodeBucket:
    Type: String
  CodeKey:
    Type: String
Resources:
  EventStream:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
  DDBEventProcessor:
    Type: AWS::Serverless::Function
    Properties:
      Handler: !Ref LambdaHandler
      Runtime: nodejs20.x
      MemorySize: 128
      Timeout: 10
      CodeUri:
        Bucket: !Ref CodeBucket
        Key: !Ref CodeKey
      Role: !GetAtt EventProcessorExecutionRole.Arn
      Events:
        Stream:
          Type: Kinesis
          Properties:
            Stream: !GetAtt EventStream.Arn
            StartingPosition: TRIM_HORIZON
            BatchSize: 25
  EventDataTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub "${AWS::StackName}-EventData"
      AttributeDefinitions:
        - {AttributeName: Username, AttributeType: S}
        - {AttributeName: Id, AttributeType: S}
      KeySchema:
        - {AttributeName: Username, KeyType: HASH}
        - {AttributeName: Id, KeyType: RANGE}
      ProvisionedThroughput: {ReadCapacityUnits: 1, WriteCapacityUnits: 1}
  EventProcessorExecutionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: [lambda.amazonaws.com]}
            Action: ['sts:AssumeRole']
      Policies:
        - PolicyName: EventProcessorPolicy
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: ['logs:*']
                Resource: 'arn:aws:logs:*:*:*'
              - Effect: Allow
                Action: ['dynamodb:BatchWriteItem']
                Resource: !Join ['', ['arn:aws:dynamodb:', !Ref 'AWS::Region', ':',
                                      !Ref 'AWS::AccountId', ':table/', !Ref EventDataTable]]
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole
  streamprocessingclient:
    Type: AWS::IAM::User
  ClientPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: StreamProcessingClientPolicy
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: ['kinesis:Put*']
            Resource: !Sub 'arn:aws:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${EventStream}'
      Users: [!Ref streamprocessingclient]
  ClientKeys:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref streamprocessingclient
Outputs:
  AccessKeyId:
    Value: !Ref ClientKeys
  SecretAccessKey:
    Value: !GetAtt ClientKeys.SecretAccessKey
  KinesisStream:
    Value: !Ref EventStream
  Region:
    Value: !Ref AWS::Region
"""

ALL_CAPS = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]


def stack_name(prefix="st"):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def wait_stack(cfn, name, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stacks = cfn.describe_stacks(StackName=name)["Stacks"]
        if stacks[0]["StackStatus"] in DONE:
            return stacks[0]
        time.sleep(0.1)
    pytest.fail("stack %s still %s after %d s" % (name, stacks[0]["StackStatus"], timeout))


def failure_reasons(cfn, name):
    return [(e["LogicalResourceId"], e.get("ResourceStatusReason", ""))
            for e in cfn.describe_stack_events(StackName=name)["StackEvents"]
            if e["ResourceStatus"].endswith("FAILED")]


def outputs(stack):
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def upload_handler(s3, bucket, key, source=HANDLER, name="index.js"):
    try:
        s3.create_bucket(Bucket=bucket)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    s3.put_object(Bucket=bucket, Key=key, Body=zip_of({name: source}))
