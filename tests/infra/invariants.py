"""The security invariants every template of the platform keeps, as plain checks.

Each check takes a template (a dict, as cfn-lint decodes YAML with CloudFormation tags:
``!Ref X`` becomes ``{"Ref": "X"}``) and returns the violations it finds, one sentence
each; an empty list means the template keeps the invariant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cfnlint.decode import cfn_yaml

ROOT = Path(__file__).resolve().parents[2]

Template = dict[str, Any]
Check = Callable[[Template], list[str]]

# Actions AWS authorises on no narrower resource than "*".
ACTIONS_WITHOUT_RESOURCE_LEVEL = {
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
    "inspector2:Enable",
    "inspector2:Disable",
    "inspector2:BatchGetAccountStatus",
    "codestar-connections:UseConnection",
    "codebuild:CreateReportGroup",
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeVpcs",
    "ec2:CreateNetworkInterfacePermission",
}
PUBLIC_CIDRS = {"0.0.0.0/0", "::/0"}
FUNCTION_TYPES = {"AWS::Serverless::Function", "AWS::Lambda::Function"}


def templates() -> list[Path]:
    """Every CloudFormation template of the project."""
    return sorted(
        [
            ROOT / "template.yaml",
            *(ROOT / "platform").glob("*.yaml"),
            *(ROOT / "services").glob("*/template.yaml"),
            *(ROOT / "pipeline").glob("*.yaml"),
        ]
    )


def load(path: Path) -> Template:
    template = cfn_yaml.load(str(path))
    return dict(template)


def resources(template: Template, *types: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, resource in (template.get("Resources") or {}).items():
        if not types or resource.get("Type") in types:
            yield name, resource.get("Properties") or {}


def refers_to(value: Any, name: str) -> bool:
    """True if ``value`` is a Ref, GetAtt or Sub naming the resource ``name``."""
    if isinstance(value, dict):
        if value.get("Ref") == name:
            return True
        get_att = value.get("Fn::GetAtt")
        if isinstance(get_att, list) and get_att and get_att[0] == name:
            return True
        if isinstance(get_att, str) and get_att.split(".")[0] == name:
            return True
        sub = value.get("Fn::Sub")
        text = sub[0] if isinstance(sub, list) else sub
        if isinstance(text, str) and ("${" + name + "}" in text or "${" + name + "." in text):
            return True
        return any(refers_to(v, name) for v in value.values())
    if isinstance(value, list):
        return any(refers_to(v, name) for v in value)
    return False


def branches(value: Any) -> list[Any]:
    """The values a property can take: both sides of an Fn::If, else the value itself."""
    if isinstance(value, dict) and "Fn::If" in value:
        _, when_true, when_false = value["Fn::If"]
        return branches(when_true) + branches(when_false)
    return [value]


def is_no_value(value: Any) -> bool:
    return value == {"Ref": "AWS::NoValue"}


def is_public_cidr(rule: dict[str, Any]) -> bool:
    cidrs = (rule.get("CidrIp"), rule.get("CidrIpv6"))
    return any(isinstance(cidr, str) and cidr in PUBLIC_CIDRS for cidr in cidrs)


# --------------------------------------------------------------------------- checks


def no_public_endpoint(template: Template) -> list[str]:
    """Nothing reachable from the internet: no public API, URL, gateway, IP or open port."""
    found = []
    for name, props in resources(template, "AWS::Serverless::Api", "AWS::ApiGateway::RestApi"):
        endpoint = props.get("EndpointConfiguration")
        kind = endpoint.get("Type") if isinstance(endpoint, dict) else endpoint
        if kind is None and isinstance(endpoint, dict):
            types = endpoint.get("Types") or []
            kind = types[0] if types else None
        if kind != "PRIVATE":
            found.append(f"{name}: API endpoint is {kind or 'EDGE'}, not PRIVATE")
    public_types = {
        "AWS::Serverless::HttpApi": "HTTP APIs cannot be private",
        "AWS::ApiGatewayV2::Api": "HTTP/WebSocket APIs cannot be private",
        "AWS::Lambda::Url": "function URLs are public",
        "AWS::EC2::InternetGateway": "an internet gateway",
        "AWS::EC2::NatGateway": "a NAT gateway",
        "AWS::EC2::EIP": "an elastic IP",
    }
    for name, resource in (template.get("Resources") or {}).items():
        reason = public_types.get(resource.get("Type"))
        if reason:
            found.append(f"{name}: {reason}")
    for name, props in resources(template, *FUNCTION_TYPES):
        if props.get("FunctionUrlConfig"):
            found.append(f"{name}: has a function URL")
    for name, props in resources(template, "AWS::EC2::Subnet"):
        if props.get("MapPublicIpOnLaunch") not in (None, False, "false"):
            found.append(f"{name}: subnet gives public IPs")
    for name, props in resources(template, "AWS::RDS::DBInstance", "AWS::Neptune::DBInstance"):
        if props.get("PubliclyAccessible") in (True, "true"):
            found.append(f"{name}: database instance is publicly accessible")
    for name, props in resources(template, "AWS::EC2::SecurityGroup"):
        for rule in props.get("SecurityGroupIngress") or []:
            if is_public_cidr(rule):
                found.append(f"{name}: ingress open to the internet")
    for name, props in resources(template, "AWS::EC2::SecurityGroupIngress"):
        if is_public_cidr(props):
            found.append(f"{name}: ingress open to the internet")
    return found


def apis_private_with_endpoint_policy_and_authorizer(template: Template) -> list[str]:
    """Each API admits only the VPC endpoint and authorises every route with Cognito."""
    found = []
    apis = dict(resources(template, "AWS::Serverless::Api"))
    for name, _ in resources(template, "AWS::ApiGateway::RestApi"):
        found.append(f"{name}: a raw RestApi; declare APIs as AWS::Serverless::Api")
    for name, props in apis.items():
        auth = props.get("Auth") or {}
        whitelist = (auth.get("ResourcePolicy") or {}).get("IntrinsicVpceWhitelist")
        if not whitelist:
            found.append(f"{name}: no resource policy admitting only the VPC endpoint")
        default = auth.get("DefaultAuthorizer")
        authorizer = (auth.get("Authorizers") or {}).get(default) if default else None
        if not authorizer or not authorizer.get("UserPoolArn"):
            found.append(f"{name}: no default Cognito authorizer")
        if not props.get("AccessLogSetting"):
            found.append(f"{name}: no access logs")
        throttled = any(
            setting.get("ThrottlingRateLimit") is not None
            and setting.get("ThrottlingBurstLimit") is not None
            for setting in props.get("MethodSettings") or []
        )
        if not throttled:
            found.append(f"{name}: no throttling")
    for name, props in resources(template, "AWS::Serverless::Function"):
        for event_name, event in (props.get("Events") or {}).items():
            if event.get("Type") != "Api":
                continue
            event_props = event.get("Properties") or {}
            api = (event_props.get("RestApiId") or {}).get("Ref")
            if api not in apis:
                found.append(f"{name}.{event_name}: not on a declared private API")
            authorizer = (event_props.get("Auth") or {}).get("Authorizer")
            if authorizer == "NONE":
                found.append(f"{name}.{event_name}: route without the authorizer")
    return found


def queue_dlq_target(props: dict[str, Any]) -> str | None:
    redrive = props.get("RedrivePolicy") or {}
    target = redrive.get("deadLetterTargetArn")
    if isinstance(target, dict) and "Fn::GetAtt" in target:
        get_att = target["Fn::GetAtt"]
        return get_att[0] if isinstance(get_att, list) else get_att.split(".")[0]
    return None


def queues_with_dlq_and_alarm(template: Template) -> list[str]:
    """Every queue has a DLQ (maxReceiveCount >= 3), and every DLQ an alarm on its depth."""
    found = []
    queues = dict(resources(template, "AWS::SQS::Queue"))
    dead_letter_queues = {queue_dlq_target(props) for props in queues.values()} - {None}
    alarms = list(resources(template, "AWS::CloudWatch::Alarm"))
    for name, props in queues.items():
        if name in dead_letter_queues:
            watched = any(
                alarm.get("Namespace") == "AWS/SQS"
                and alarm.get("MetricName") == "ApproximateNumberOfMessagesVisible"
                and refers_to(alarm.get("Dimensions"), name)
                for _, alarm in alarms
            )
            if not watched:
                found.append(f"{name}: dead-letter queue without an alarm on its depth")
            continue
        target = queue_dlq_target(props)
        if target not in queues:
            found.append(f"{name}: no dead-letter queue")
            continue
        if int(props["RedrivePolicy"].get("maxReceiveCount", 0)) < 3:
            found.append(f"{name}: maxReceiveCount below 3")
    return found


def log_groups_with_retention_and_key(template: Template) -> list[str]:
    """Every log group keeps its logs for a set time, encrypted with a customer key, and
    every function writes into one the template declares."""
    found = []
    groups = dict(resources(template, "AWS::Logs::LogGroup"))
    for name, props in groups.items():
        if props.get("RetentionInDays") is None:
            found.append(f"{name}: log group without retention")
        if props.get("KmsKeyId") is None:
            found.append(f"{name}: log group without a KMS key")
    names = [props.get("LogGroupName") for props in groups.values()]
    for name, function in resources(template, *FUNCTION_TYPES):
        by_reference = any(refers_to(props.get("LogGroupName"), name) for props in groups.values())
        by_name = f"/aws/lambda/{function.get('FunctionName')}" in names
        if not (by_reference or by_name):
            found.append(f"{name}: function without a declared log group")
    return found


def data_stores_encrypted(template: Template) -> list[str]:
    """Every store of data is encrypted at rest with a KMS key (and keys rotate)."""
    found = []
    required = {
        "AWS::SQS::Queue": ["KmsMasterKeyId"],
        "AWS::SNS::Topic": ["KmsMasterKeyId"],
        "AWS::SecretsManager::Secret": ["KmsKeyId"],
        "AWS::RDS::DBCluster": ["StorageEncrypted", "KmsKeyId"],
        "AWS::Neptune::DBCluster": ["StorageEncrypted", "KmsKeyId", "IamAuthEnabled"],
        "AWS::ElastiCache::ServerlessCache": ["KmsKeyId"],
        "AWS::ElastiCache::ReplicationGroup": [
            "AtRestEncryptionEnabled",
            "TransitEncryptionEnabled",
            "KmsKeyId",
        ],
        "AWS::Logs::LogGroup": ["KmsKeyId"],
        "AWS::KMS::Key": ["EnableKeyRotation"],
    }
    for name, resource in (template.get("Resources") or {}).items():
        kind = resource.get("Type")
        props = resource.get("Properties") or {}
        for key in required.get(kind, []):
            value = props.get(key)
            if value is None or value in (False, "false"):
                found.append(f"{name}: {kind} without {key}")
        if kind == "AWS::ElastiCache::CacheCluster":
            found.append(f"{name}: node-based Memcached cannot encrypt at rest")
        if kind == "AWS::S3::Bucket":
            rules = (props.get("BucketEncryption") or {}).get(
                "ServerSideEncryptionConfiguration"
            ) or []
            algorithms = [
                (rule.get("ServerSideEncryptionByDefault") or {}).get("SSEAlgorithm")
                for rule in rules
            ]
            if "aws:kms" not in algorithms:
                found.append(f"{name}: bucket not encrypted with KMS")
            if (props.get("VersioningConfiguration") or {}).get("Status") != "Enabled":
                found.append(f"{name}: bucket not versioned")
            block = props.get("PublicAccessBlockConfiguration") or {}
            if not all(
                block.get(key) in (True, "true")
                for key in (
                    "BlockPublicAcls",
                    "BlockPublicPolicy",
                    "IgnorePublicAcls",
                    "RestrictPublicBuckets",
                )
            ):
                found.append(f"{name}: bucket does not block public access")
    return found


def policy_documents(template: Template) -> Iterator[tuple[str, Any, bool]]:
    """Every policy document: (where, document, is_key_policy)."""
    for name, resource in (template.get("Resources") or {}).items():
        kind = resource.get("Type")
        props = resource.get("Properties") or {}
        if kind == "AWS::IAM::Role":
            yield f"{name}.AssumeRolePolicyDocument", props.get("AssumeRolePolicyDocument"), False
            for policy in props.get("Policies") or []:
                yield f"{name}.{policy.get('PolicyName')}", policy.get("PolicyDocument"), False
        elif kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy") or kind in (
            "AWS::SQS::QueuePolicy",
            "AWS::SNS::TopicPolicy",
            "AWS::S3::BucketPolicy",
        ):
            yield name, props.get("PolicyDocument"), False
        elif kind == "AWS::KMS::Key":
            yield name, props.get("KeyPolicy"), True
        elif kind == "AWS::Serverless::Function":
            for policy in props.get("Policies") or []:
                if isinstance(policy, dict) and "Statement" in policy:
                    yield f"{name}.Policies", policy, False


def statements(document: Any) -> list[dict[str, Any]]:
    if not isinstance(document, dict):
        return []
    statement = document.get("Statement") or []
    return statement if isinstance(statement, list) else [statement]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def is_account_root(principal: Any) -> bool:
    aws = principal.get("AWS") if isinstance(principal, dict) else None
    text = aws.get("Fn::Sub") if isinstance(aws, dict) else aws
    return isinstance(text, str) and text.endswith(":root")


def least_privilege(template: Template) -> list[str]:
    """No wildcard in an action; "*" as a resource only for actions AWS scopes no narrower;
    functions use the roles the template declares, without managed policies. The one
    exception: a key policy gives the account root kms:* (AWS's default key policy, which
    lets IAM govern the key)."""
    found = []
    for where, document, is_key_policy in policy_documents(template):
        for statement in statements(document):
            if statement.get("Effect") != "Allow":
                continue
            actions = [a for a in as_list(statement.get("Action")) if isinstance(a, str)]
            if (
                is_key_policy
                and actions == ["kms:*"]
                and is_account_root(statement.get("Principal"))
            ):
                continue
            for action in actions:
                if "*" in action:
                    found.append(f"{where}: wildcard action {action}")
            if is_key_policy or "Principal" in statement:
                continue  # a resource policy's Resource is the resource itself
            if "*" in as_list(statement.get("Resource")):
                broad = [a for a in actions if a not in ACTIONS_WITHOUT_RESOURCE_LEVEL]
                if broad:
                    found.append(f"{where}: {', '.join(broad)} on every resource")
    for name, props in resources(template, "AWS::Serverless::Function"):
        if "Role" not in props:
            found.append(f"{name}: no declared role (SAM would attach managed policies)")
        if props.get("Policies"):
            found.append(f"{name}: SAM policies besides its declared role")
    for name, props in resources(template, "AWS::IAM::Role"):
        trusted = [
            service
            for statement in statements(props.get("AssumeRolePolicyDocument"))
            for service in as_list((statement.get("Principal") or {}).get("Service"))
        ]
        if "lambda.amazonaws.com" in trusted and props.get("ManagedPolicyArns"):
            found.append(f"{name}: a function role with managed policies")
    return found


def functions_in_private_subnets(template: Template) -> list[str]:
    """Every function (the SAM Globals included) runs in the VPC except on the local stage."""
    found = []
    globals_vpc = ((template.get("Globals") or {}).get("Function") or {}).get("VpcConfig")
    for name, props in resources(template, "AWS::Serverless::Function"):
        vpc = props.get("VpcConfig", globals_vpc)
        aws_values = [b for b in branches(vpc) if not is_no_value(b)] if vpc else []
        if not any(isinstance(b, dict) and b.get("SubnetIds") for b in aws_values):
            found.append(f"{name}: not in the private subnets")
        if vpc and isinstance(vpc, dict) and "Fn::If" in vpc:
            condition = vpc["Fn::If"][0]
            if condition != "IsLocal" or not is_no_value(vpc["Fn::If"][1]):
                found.append(f"{name}: VpcConfig left out on a stage other than local")
    return found


CHECKS: dict[str, Check] = {
    "no public endpoint": no_public_endpoint,
    "private APIs with endpoint policy and authorizer": (
        apis_private_with_endpoint_policy_and_authorizer
    ),
    "queues with DLQ and alarm": queues_with_dlq_and_alarm,
    "log groups with retention and key": log_groups_with_retention_and_key,
    "data stores encrypted": data_stores_encrypted,
    "least privilege": least_privilege,
    "functions in private subnets": functions_in_private_subnets,
}
