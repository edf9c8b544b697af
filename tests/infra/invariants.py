"""The security invariants every template of the platform keeps, as plain checks.

Each check takes a template (a dict, as cfn-lint decodes YAML with CloudFormation tags:
``!Ref X`` becomes ``{"Ref": "X"}``) and returns the violations it finds, one sentence
each; an empty list means the template keeps the invariant.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from fnmatch import fnmatchcase
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
    "ec2:DescribeVpcEndpoints",
    "elasticloadbalancing:DescribeTargetHealth",
    "ec2:CreateNetworkInterfacePermission",
    "cloudformation:ListStacks",
    "secretsmanager:GetRandomPassword",
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
    for name, props in resources(template, *LOAD_BALANCER_TYPES):
        if props.get("Scheme") != "internal":
            found.append(f"{name}: load balancer is {props.get('Scheme') or 'internet-facing'}")
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


# What the kernel's consumer counts when events wait for a store (ADR 54) or are unknown
# to the code and fail to the DLQ (ADR 67).
CONSUMER_METRICS = ("EventsParked", "EventsUnhandled")


def queues_with_dlq_and_alarm(template: Template) -> list[str]:
    """Every queue has a DLQ (maxReceiveCount >= 3), and every DLQ an alarm on its depth;
    a template with queues alarms on the consumer's parked and unhandled events too."""
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
    if queues:  # a consumer: the kernel's own failure counts are watched too
        for metric in CONSUMER_METRICS:
            if not any(
                alarm.get("Namespace") == "RiskPlatform" and alarm.get("MetricName") == metric
                for _, alarm in alarms
            ):
                found.append(f"{metric}: the consumer's metric has no alarm")
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
    names = [sub_text(props.get("LogGroupName")) for props in groups.values()]
    for name, function in resources(template, *FUNCTION_TYPES):
        by_reference = any(refers_to(props.get("LogGroupName"), name) for props in groups.values())
        by_name = f"/aws/lambda/{sub_text(function.get('FunctionName'))}" in names
        if not (by_reference or by_name):
            found.append(f"{name}: function without a declared log group")
    return found


LOAD_BALANCER_TYPES = (
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancing::LoadBalancer",
)


def bucket_policies(template: Template, bucket: str) -> list[dict[str, Any]]:
    """The statements of the bucket policies of the template's bucket ``bucket``."""
    return [
        statement
        for _, props in resources(template, "AWS::S3::BucketPolicy")
        if ref_name(props.get("Bucket")) == bucket
        for statement in statements(props.get("PolicyDocument"))
    ]


def is_read_through_an_endpoint(statement: dict[str, Any]) -> bool:
    """An Allow of s3:GetObject to everyone, only through a given VPC endpoint: S3 counts
    it as not public (the endpoint is the boundary), and it is what a load balancer needs
    to serve files from a bucket without signing requests."""
    return (
        statement.get("Effect") == "Allow"
        and is_everyone(statement.get("Principal"))
        and actions_of(statement) == ["s3:GetObject"]
        and bool(condition_values(statement, "aws:SourceVpce"))
        and set(statement.get("Condition") or {}) == {"StringEquals"}
    )


def sse_s3_required(template: Template, bucket: str) -> bool:
    """S3's own keys, not KMS, where AWS allows nothing else: a bucket read anonymously
    through an endpoint (S3 serves anonymous requests only for SSE-S3 objects) and a
    bucket that receives load balancer access logs."""
    logs_bucket = any(
        attribute.get("Key") == "access_logs.s3.bucket"
        and ref_name(attribute.get("Value")) == bucket
        for _, props in resources(template, *LOAD_BALANCER_TYPES)
        for attribute in props.get("LoadBalancerAttributes") or []
    )
    return logs_bucket or any(
        is_read_through_an_endpoint(s) for s in bucket_policies(template, bucket)
    )


def data_stores_encrypted(template: Template) -> list[str]:
    """Every store of data is encrypted at rest with a KMS key (and keys rotate); a bucket
    uses S3's own keys only where AWS allows nothing else (sse_s3_required)."""
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
            if "aws:kms" not in algorithms and not (
                algorithms == ["AES256"] and sse_s3_required(template, name)
            ):
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
        if where in boundaries(template):
            continue  # a ceiling, not a grant: its own check below
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


# --------------------------------------------------------------------------- helpers of
# the checks below (issue 8: what cfn-lint, sam validate and checkov let through)


def sub_text(value: Any) -> str | None:
    """The text of a literal string or of an Fn::Sub, else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Sub" in value:
        sub = value["Fn::Sub"]
        text = sub[0] if isinstance(sub, list) else sub
        return text if isinstance(text, str) else None
    return None


def ref_name(value: Any) -> str | None:
    """The logical id a Ref or GetAtt names, else None."""
    if isinstance(value, dict):
        if isinstance(value.get("Ref"), str):
            return str(value["Ref"])
        get_att = value.get("Fn::GetAtt")
        if isinstance(get_att, list) and get_att:
            return str(get_att[0])
        if isinstance(get_att, str):
            return get_att.split(".")[0]
    return None


SAMPLE_VALUES = {
    "AWS::Partition": "aws",
    "AWS::AccountId": "123456789012",
    "AWS::Region": "us-east-1",
}


def arn_pattern(value: Any) -> str | None:
    """A resource as a glob: pseudo parameters filled in, any other ${...} as "*"."""
    text = sub_text(value)
    if text is None:
        return None
    return re.sub(r"\$\{([^}]+)\}", lambda m: SAMPLE_VALUES.get(m.group(1), "*"), text)


def depends_on(resource: dict[str, Any]) -> list[str]:
    return [str(name) for name in as_list(resource.get("DependsOn") or [])]


def actions_of(statement: dict[str, Any]) -> list[str]:
    return [a for a in as_list(statement.get("Action")) if isinstance(a, str)]


def grants(statement: dict[str, Any], action: str) -> bool:
    """True if the statement names the action, itself or through a wildcard."""
    return any(fnmatchcase(action.lower(), pattern.lower()) for pattern in actions_of(statement))


def condition_keys(statement: dict[str, Any]) -> list[str]:
    condition = statement.get("Condition") or {}
    return [key for block in condition.values() if isinstance(block, dict) for key in block]


def condition_values(statement: dict[str, Any], key: str) -> list[Any]:
    condition = statement.get("Condition") or {}
    return [
        value
        for block in condition.values()
        if isinstance(block, dict) and key in block
        for value in as_list(block[key])
    ]


def services_of(statement: dict[str, Any]) -> list[Any]:
    principal = statement.get("Principal")
    return as_list(principal.get("Service")) if isinstance(principal, dict) else []


def role_policies(template: Template, role: str) -> list[dict[str, Any]]:
    """Every statement that applies to a role: its own policies and IAM policies naming it."""
    resource = (template.get("Resources") or {}).get(role) or {}
    props = resource.get("Properties") or {}
    found = [
        statement
        for policy in props.get("Policies") or []
        for statement in statements(policy.get("PolicyDocument"))
    ]
    for _, policy in resources(template, "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        if any(ref_name(target) == role for target in as_list(policy.get("Roles") or [])):
            found += statements(policy.get("PolicyDocument"))
    return found


def is_alarm_topic(value: Any) -> bool:
    """The stage's alarm topic: the resource, the nested stacks' parameter, or the SSM one."""
    if ref_name(value) in ("AlarmTopic", "AlarmTopicArn"):
        return True
    text = sub_text(value)
    return bool(text and "/ops/alarm-topic-arn" in text)


def traced(props: dict[str, Any], kind: str, globals_tracing: Any) -> bool:
    if kind == "AWS::Lambda::Function":
        return (props.get("TracingConfig") or {}).get("Mode") == "Active"
    return "Active" in branches(props.get("Tracing", globals_tracing))


# --------------------------------------------------------------------------- checks (issue 8)

XRAY_WRITES = ("xray:PutTraceSegments", "xray:PutTelemetryRecords")
XRAY_MANAGED_POLICIES = ("AWSXRayDaemonWriteAccess", "AWSXrayWriteOnlyAccess")


def traced_functions_can_write_to_xray(template: Template) -> list[str]:
    """A function with active tracing has a role that may write to X-Ray (else Lambda
    refuses to create it, and the stack rolls back)."""
    found = []
    globals_tracing = ((template.get("Globals") or {}).get("Function") or {}).get("Tracing")
    for name, resource in (template.get("Resources") or {}).items():
        kind = resource.get("Type")
        props = resource.get("Properties") or {}
        if kind not in FUNCTION_TYPES or not traced(props, kind, globals_tracing):
            continue
        if "Role" not in props and kind == "AWS::Serverless::Function":
            continue  # SAM adds X-Ray's write policy to the role it makes
        role = ref_name(props.get("Role"))
        role_resource = (template.get("Resources") or {}).get(role or "") or {}
        if role_resource.get("Type") != "AWS::IAM::Role":
            found.append(f"{name}: traced, with a role this template does not declare")
            continue
        managed = [
            sub_text(arn) or ""
            for arn in role_resource["Properties"].get("ManagedPolicyArns") or []
        ]
        if any(arn.endswith(f"/{policy}") for arn in managed for policy in XRAY_MANAGED_POLICIES):
            continue
        allowed = [s for s in role_policies(template, str(role)) if s.get("Effect") == "Allow"]
        missing = [a for a in XRAY_WRITES if not any(grants(s, a) for s in allowed)]
        if missing:
            found.append(f"{name}: traced, but its role {role} cannot {', '.join(missing)}")
    return found


TRAIL_KEY_NEEDS = ("kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey")


def key_policies_fit_their_services(template: Template) -> list[str]:
    """No key policy grants DescribeKey under an encryption-context condition (DescribeKey
    requests carry none, so the grant never applies); a trail's key lets CloudTrail
    generate data keys, describe the key, and decrypt (the S3 Bucket Key case)."""
    found = []
    keys = dict(resources(template, "AWS::KMS::Key"))
    for name, props in keys.items():
        for statement in statements(props.get("KeyPolicy")):
            if statement.get("Effect") != "Allow" or not grants(statement, "kms:DescribeKey"):
                continue
            if any(key.startswith("kms:EncryptionContext") for key in condition_keys(statement)):
                found.append(
                    f"{name}: DescribeKey under an encryption-context condition never applies"
                )
    for trail, props in resources(template, "AWS::CloudTrail::Trail"):
        key = ref_name(props.get("KMSKeyId"))
        if key not in keys:
            continue
        cloudtrail = [
            s
            for s in statements(keys[key].get("KeyPolicy"))
            if s.get("Effect") == "Allow" and "cloudtrail.amazonaws.com" in services_of(s)
        ]
        for action in TRAIL_KEY_NEEDS:
            if not any(grants(s, action) for s in cloudtrail):
                found.append(f"{key}: {trail}'s key does not let CloudTrail {action}")
    return found


STAGE_NAMES_VALID = ("local", "dev", "staging", "prod", "br-feature-x", "br-a1b2", "br-" + "x" * 17)
STAGE_NAMES_INVALID = (
    "br-feature-",
    "br--x",
    "-dev",
    "Dev",
    "br_x",
    "d",
    "br-" + "x" * 18,
    "9lives",
)


def stage_accepts(parameter: dict[str, Any], value: str) -> bool:
    """What CloudFormation accepts for a String parameter (AllowedPattern matches whole)."""
    if len(value) < int(parameter.get("MinLength", 0)):
        return False
    if len(value) > int(parameter.get("MaxLength", 4096)):
        return False
    pattern = parameter.get("AllowedPattern")
    return pattern is None or re.fullmatch(str(pattern), value) is not None


def stage_names_are_valid_identifiers(template: Template) -> list[str]:
    """Wherever Stage is a parameter it admits only names that make valid Aurora, Neptune
    and cache identifiers: lowercase, a letter first, no trailing or double hyphen, at
    most 20 characters."""
    stage = (template.get("Parameters") or {}).get("Stage")
    if stage is None:
        return []
    found = [
        f"Stage: refuses {value!r}"
        for value in STAGE_NAMES_VALID
        if not stage_accepts(stage, value)
    ]
    found += [
        f"Stage: admits {value!r}" for value in STAGE_NAMES_INVALID if stage_accepts(stage, value)
    ]
    return found


IAM_ROLE_WRITES = (
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:UpdateRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "iam:PassRole",
)
PIPELINE_ROLE = (
    "arn:aws:iam::123456789012:role/riskplatform-pipeline-platform-DeploymentRole-1A2B3C"
)
ADMINISTRATOR_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"


def deployment_roles_cannot_escalate(template: Template) -> list[str]:
    """A role CloudFormation deploys with writes IAM only on the stacks' own roles: never
    on the pipelines' roles (an explicit Deny), never attaches AdministratorAccess (an
    iam:PolicyARN condition), and takes no other role's credentials."""
    found = []
    for name, props in resources(template, "AWS::IAM::Role"):
        trusted = [
            service
            for statement in statements(props.get("AssumeRolePolicyDocument"))
            for service in services_of(statement)
        ]
        if "cloudformation.amazonaws.com" not in trusted:
            continue
        policy = role_policies(template, name)
        for statement in policy:
            if statement.get("Effect") != "Allow":
                continue
            writes = [a for a in IAM_ROLE_WRITES if grants(statement, a)]
            if not writes:
                continue
            targets = [arn_pattern(r) or "*" for r in as_list(statement.get("Resource"))]
            if any(fnmatchcase(PIPELINE_ROLE, target) for target in targets):
                found.append(f"{name}: {', '.join(writes)} reach the pipelines' own roles")
            if "iam:AttachRolePolicy" in writes:
                allowed = [
                    arn_pattern(v) or "*" for v in condition_values(statement, "iam:PolicyARN")
                ]
                if not allowed or any(fnmatchcase(ADMINISTRATOR_POLICY, a) for a in allowed):
                    found.append(f"{name}: may attach AdministratorAccess to a role")
        denied = any(
            statement.get("Effect") == "Deny"
            and all(grants(statement, a) for a in IAM_ROLE_WRITES)
            and any(
                fnmatchcase(PIPELINE_ROLE, arn_pattern(r) or "")
                for r in as_list(statement.get("Resource"))
            )
            for statement in policy
        )
        if not denied:
            found.append(f"{name}: no explicit Deny of IAM writes on the pipelines' roles")
        if not any(s.get("Effect") == "Deny" and grants(s, "sts:AssumeRole") for s in policy):
            found.append(f"{name}: may take the credentials of any role that trusts the account")
    return found


BOUNDARY_NAME = "riskplatform-stage-boundary"
BOUNDARY_ARN = f"arn:aws:iam::123456789012:policy/{BOUNDARY_NAME}"
FOUNDATION = ROOT / "pipeline" / "foundation.yaml"
STAGE_ROLES = (
    "arn:aws:iam::123456789012:role/riskplatform-prod-ScoringApiRole-1A2B3C",
    "arn:aws:iam::123456789012:role/riskplatform-br-feature-ScoringApiRole-1A2B3C",
)
# What makes a role or changes its policies: allowed only with the boundary on the role.
IAM_GRANTING_WRITES = (
    "iam:CreateRole",
    "iam:PutRolePolicy",
    "iam:AttachRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
)


def boundaries(template: Template) -> set[str]:
    """The logical ids of the stages' permissions boundary, if the template makes it."""
    return {
        name
        for name, props in resources(template, "AWS::IAM::ManagedPolicy")
        if props.get("ManagedPolicyName") == BOUNDARY_NAME
    }


def boundary_actions() -> list[str]:
    foundation = load(FOUNDATION)
    return [
        action
        for name in boundaries(foundation)
        for statement in statements(props_of(foundation, name).get("PolicyDocument"))
        if statement.get("Effect") == "Allow"
        for action in actions_of(statement)
    ]


def props_of(template: Template, name: str) -> dict[str, Any]:
    return ((template.get("Resources") or {}).get(name) or {}).get("Properties") or {}


def names_the_boundary(value: Any) -> bool:
    return arn_pattern(value) == BOUNDARY_ARN


def is_deployment_role(props: dict[str, Any]) -> bool:
    return any(
        "cloudformation.amazonaws.com" in services_of(statement)
        for statement in statements(props.get("AssumeRolePolicyDocument"))
    )


def roles_carry_the_stages_boundary(template: Template) -> list[str]:
    """Every role a deployment creates carries the stages' permissions boundary, and the
    deployment roles cannot make or widen a role without it (ADR 43):
    - in a pipeline template, a deployment role creates roles, writes their policies and
      sets boundaries only with iam:PermissionsBoundary = the boundary, and may never
      remove it; the boundary grants no IAM write but service-linked roles and no role's
      credentials;
    - in a stage template, every role names the boundary (the local stage may leave it
      out), each of its actions fits within it, CodeDeploy uses a declared role, and
      nothing makes roles the template cannot bound (hosted rotations, nested SAR apps)."""
    found = []
    res = template.get("Resources") or {}
    deployment_roles = [
        n for n, p in resources(template, "AWS::IAM::Role") if is_deployment_role(p)
    ]
    for name in boundaries(template):
        for statement in statements(props_of(template, name).get("PolicyDocument")):
            if statement.get("Effect") != "Allow":
                continue
            for action in actions_of(statement):
                if action.lower().startswith("sts:") or (
                    action.lower().startswith("iam:") and action != "iam:CreateServiceLinkedRole"
                ):
                    found.append(f"{name}: the boundary allows {action}")
    for name in deployment_roles:
        policy = role_policies(template, name)
        for statement in policy:
            if statement.get("Effect") != "Allow":
                continue
            for action in IAM_GRANTING_WRITES:
                if grants(statement, action) and not any(
                    names_the_boundary(v)
                    for v in condition_values(statement, "iam:PermissionsBoundary")
                ):
                    found.append(f"{name}: {action} without the stages' boundary on the role")
        if not any(
            s.get("Effect") == "Deny"
            and grants(s, "iam:DeleteRolePermissionsBoundary")
            and any(
                all(fnmatchcase(role, arn_pattern(r) or "") for role in STAGE_ROLES)
                for r in as_list(s.get("Resource"))
            )
            for s in policy
        ):
            found.append(f"{name}: may remove a role's permissions boundary")
    if deployment_roles:
        return found
    allowed = boundary_actions()
    for name, props in resources(template, "AWS::IAM::Role"):
        boundary = props.get("PermissionsBoundary")
        sides = [b for b in branches(boundary) if not is_no_value(b)]
        local_only = (
            isinstance(boundary, dict)
            and "Fn::If" in boundary
            and (boundary["Fn::If"][0] != "IsLocal" or not is_no_value(boundary["Fn::If"][1]))
        )
        if not sides or local_only or not all(names_the_boundary(b) for b in sides):
            found.append(f"{name}: a role without the stages' permissions boundary")
        for statement in role_policies(template, name):
            if statement.get("Effect") != "Allow":
                continue
            for action in actions_of(statement):
                if not any(fnmatchcase(action.lower(), a.lower()) for a in allowed):
                    found.append(f"{name}: {action} is outside the stages' boundary")
    for name, props in resources(template, "AWS::Serverless::Function"):
        preference = props.get("DeploymentPreference")
        if isinstance(preference, dict) and "Role" not in preference:
            found.append(f"{name}: SAM would make a CodeDeploy role without the boundary")
    for name, props in resources(template, "AWS::SecretsManager::RotationSchedule"):
        if "HostedRotationLambda" in props:
            found.append(f"{name}: a hosted rotation's role cannot carry the boundary")
    for name, resource in res.items():
        if resource.get("Type") == "AWS::Serverless::Application":
            found.append(f"{name}: a nested application makes roles without the boundary")
    return found


def apis_declare_their_openapi_version(template: Template) -> list[str]:
    """Every SAM API says OpenApiVersion (3.x), so SAM makes no extra stage named "Stage"
    without access logs, throttling or tracing."""
    found = []
    global_version = ((template.get("Globals") or {}).get("Api") or {}).get("OpenApiVersion")
    for name, props in resources(template, "AWS::Serverless::Api"):
        version = props.get("OpenApiVersion", global_version)
        if not (isinstance(version, str) and re.fullmatch(r"3\.\d+(\.\d+)?", version)):
            found.append(f"{name}: no OpenApiVersion 3.x (SAM adds a stage called Stage)")
    return found


def rotation_waits_for_the_database_and_its_users(template: Template) -> list[str]:
    """A secret attached to a database rotates only after the database instance exists,
    and a multi-user secret (whose user the migrations make, after this stack) not at
    creation."""
    found = []
    res = template.get("Resources") or {}
    attached = {
        ref_name(props.get("SecretId")): (name, ref_name(props.get("TargetId")))
        for name, props in resources(template, "AWS::SecretsManager::SecretTargetAttachment")
    }
    instances: dict[str | None, list[str]] = {}
    for name, props in resources(template, "AWS::RDS::DBInstance", "AWS::Neptune::DBInstance"):
        instances.setdefault(ref_name(props.get("DBClusterIdentifier")), []).append(name)
    # The platform's rotation function knows the master; every other secret it rotates
    # is a service's (multi-user: its user is made by the migrations).
    functions = {name for name, _ in resources(template, *FUNCTION_TYPES)}
    masters = {
        ref_name(((props.get("Environment") or {}).get("Variables") or {}).get("MASTER_SECRET_ARN"))
        for _, props in resources(template, *FUNCTION_TYPES)
    }
    for name, props in resources(template, "AWS::SecretsManager::RotationSchedule"):
        after = depends_on(res[name])
        secret = ref_name(props.get("SecretId"))
        if secret in attached:
            attachment, cluster = attached[secret]
            if attachment not in after:
                found.append(f"{name}: rotates before {attachment} fills the secret")
            if not any(instance in after for instance in instances.get(cluster, [])):
                found.append(f"{name}: rotates before an instance of {cluster} exists")
        hosted = props.get("HostedRotationLambda") or {}
        multi_user = bool(hosted.get("MasterSecretArn")) or (
            secret not in masters and ref_name(props.get("RotationLambdaARN")) in functions
        )
        if multi_user and props.get("RotateImmediatelyOnUpdate") not in (False, "false"):
            found.append(f"{name}: rotates its migration-made user at creation")
    return found


def aws_made_log_groups_are_declared(template: Template) -> list[str]:
    """The log groups AWS would make for a database's exports or a rotation function are
    declared (retention, key) before what writes into them."""
    found = []
    res = template.get("Resources") or {}
    groups = {
        sub_text(props.get("LogGroupName")): name
        for name, props in resources(template, "AWS::Logs::LogGroup")
    }
    prefixes = {
        "AWS::RDS::DBCluster": "/aws/rds/cluster",
        "AWS::Neptune::DBCluster": "/aws/neptune",
    }
    for name, props in resources(template, *prefixes):
        exports = props.get("EnableCloudwatchLogsExports") or []
        identifier = sub_text(props.get("DBClusterIdentifier"))
        if exports and identifier is None:
            found.append(f"{name}: exports logs but has no fixed identifier to name them by")
            continue
        for export in exports:
            wanted = f"{prefixes[res[name]['Type']]}/{identifier}/{export}"
            group = groups.get(wanted)
            if group is None:
                found.append(f"{name}: AWS would make {wanted}, without retention or key")
            elif group not in depends_on(res[name]):
                found.append(f"{name}: may write {wanted} before {group} exists")
    for name, props in resources(template, "AWS::SecretsManager::RotationSchedule"):
        function = sub_text((props.get("HostedRotationLambda") or {}).get("RotationLambdaName"))
        if function is None:
            continue
        group = groups.get(f"/aws/lambda/{function}")
        if group is None:
            found.append(f"{name}: its rotation function would make /aws/lambda/{function}")
        elif group not in depends_on(res[name]):
            found.append(f"{name}: its rotation function may start before {group} exists")
    return found


def local_template(url: Any) -> Path | None:
    text = url if isinstance(url, str) else None
    if text and not text.startswith(("http", "s3:")) and (ROOT / text).is_file():
        return ROOT / text
    return None


def retained_keys_of(template: Template) -> tuple[set[str], set[str]]:
    """(resources, parameters) named as the KmsKeyId of something the template retains."""
    kept_resources: set[str] = set()
    kept_parameters: set[str] = set()
    parameters = set(template.get("Parameters") or {})
    for resource in (template.get("Resources") or {}).values():
        if resource.get("DeletionPolicy") not in ("Snapshot", "Retain"):
            continue
        key = ref_name((resource.get("Properties") or {}).get("KmsKeyId"))
        if key in parameters:
            kept_parameters.add(key)
        elif key:
            kept_resources.add(key)
    return kept_resources, kept_parameters


def is_retained(resource: dict[str, Any]) -> bool:
    return (
        resource.get("DeletionPolicy") == "Retain"
        and resource.get("UpdateReplacePolicy") == "Retain"
    )


def what_snapshots_need_is_retained(template: Template) -> list[str]:
    """What a kept snapshot needs outlives the stack: the key that encrypts it (here or
    passed to a nested stack) and the secrets attached to its database are retained, and
    a replacement keeps the same as a deletion."""
    found = []
    res = template.get("Resources") or {}
    for name, resource in res.items():
        policy = resource.get("DeletionPolicy")
        if policy in ("Snapshot", "Retain") and resource.get("UpdateReplacePolicy") != policy:
            found.append(f"{name}: DeletionPolicy {policy} but UpdateReplacePolicy differs")
    for _, props in resources(template, "AWS::SecretsManager::SecretTargetAttachment"):
        secret, target = ref_name(props.get("SecretId")), ref_name(props.get("TargetId"))
        if (res.get(target or "") or {}).get("DeletionPolicy") == "Snapshot" and not is_retained(
            res.get(secret or "") or {}
        ):
            found.append(f"{secret}: deleted while the snapshots of {target} are kept")
    keys, _ = retained_keys_of(template)
    for _, props in resources(template, "AWS::CloudFormation::Stack"):
        child_path = local_template(props.get("TemplateURL"))
        if child_path is None:
            continue
        _, child_parameters = retained_keys_of(load(child_path))
        for parameter in child_parameters:
            key = ref_name((props.get("Parameters") or {}).get(parameter))
            if key:
                keys.add(key)
    for key in sorted(keys):
        if (res.get(key) or {}).get("Type") == "AWS::KMS::Key" and not is_retained(res[key]):
            found.append(f"{key}: deleted while what it encrypts is kept")
    return found


def family_prefix(family: str) -> tuple[str, str] | None:
    match = re.fullmatch(r"(neptune|aurora-mysql|aurora-postgresql)(\d+(?:\.\d+)?)", family)
    return (match.group(1), match.group(2)) if match else None


def engine_versions_match_their_families(template: Template) -> list[str]:
    """Every database cluster pins its engine version, within its parameter group's family."""
    found = []
    families = {
        name: str(props.get("Family"))
        for name, props in resources(
            template, "AWS::RDS::DBClusterParameterGroup", "AWS::Neptune::DBClusterParameterGroup"
        )
    }
    for name, props in resources(template, "AWS::RDS::DBCluster", "AWS::Neptune::DBCluster"):
        version = props.get("EngineVersion")
        if not isinstance(version, str):
            found.append(f"{name}: engine version not pinned")
            continue
        family = families.get(ref_name(props.get("DBClusterParameterGroupName")) or "")
        parsed = family_prefix(family) if family else None
        if parsed is None:
            continue
        engine, number = parsed
        wanted = f"{number}.mysql_aurora." if engine == "aurora-mysql" else f"{number}."
        if not version.startswith(wanted):
            found.append(f"{name}: engine {version} is not of its parameter group family {family}")
    return found


def rules_for(template: Template, source: str) -> list[dict[str, Any]]:
    return [
        props
        for _, props in resources(template, "AWS::Events::Rule")
        if source in as_list((props.get("EventPattern") or {}).get("source") or [])
        and props.get("State", "ENABLED") != "DISABLED"
        and any(is_alarm_topic(target.get("Arn")) for target in props.get("Targets") or [])
    ]


def findings_and_failures_reach_the_alarm_topic(template: Template) -> list[str]:
    """GuardDuty and Inspector findings, failed rotations and failed pipelines are routed
    by an EventBridge rule to the alarm topic."""
    found = []
    res = template.get("Resources") or {}
    kinds = {resource.get("Type") for resource in res.values()}
    if "AWS::GuardDuty::Detector" in kinds and not rules_for(template, "aws.guardduty"):
        found.append("GuardDuty: its findings reach no one")
    enables_inspector = any(
        grants(statement, "inspector2:Enable")
        for where, document, _ in policy_documents(template)
        if where not in boundaries(template)  # a ceiling enables nothing
        for statement in statements(document)
    )
    if enables_inspector and not rules_for(template, "aws.inspector2"):
        found.append("Inspector: its findings reach no one")
    if "AWS::SecretsManager::RotationSchedule" in kinds and not any(
        "RotationFailed" in as_list((rule["EventPattern"].get("detail") or {}).get("eventName"))
        for rule in rules_for(template, "aws.secretsmanager")
    ):
        found.append("Secrets Manager: a failed rotation reaches no one")
    if "AWS::CodePipeline::Pipeline" in kinds and not any(
        "FAILED" in as_list((rule["EventPattern"].get("detail") or {}).get("state"))
        for rule in rules_for(template, "aws.codepipeline")
    ):
        found.append("CodePipeline: a failed run reaches no one")
    return found


STORE_NAMESPACES = {
    "AWS::RDS::DBCluster": "AWS/RDS",
    "AWS::Neptune::DBCluster": "AWS/Neptune",
    "AWS::ElastiCache::ServerlessCache": "AWS/ElastiCache",
    "AWS::ElastiCache::ReplicationGroup": "AWS/ElastiCache",
}


def data_stores_have_alarms(template: Template) -> list[str]:
    """Every database and cache has an alarm of its own that notifies the alarm topic."""
    found = []
    alarms = list(resources(template, "AWS::CloudWatch::Alarm"))
    for name, resource in (template.get("Resources") or {}).items():
        namespace = STORE_NAMESPACES.get(resource.get("Type"))
        if namespace is None:
            continue
        watched = any(
            alarm.get("Namespace") == namespace
            and refers_to(alarm.get("Dimensions"), name)
            and any(is_alarm_topic(action) for action in as_list(alarm.get("AlarmActions") or []))
            for _, alarm in alarms
        )
        if not watched:
            found.append(f"{name}: no alarm to the alarm topic")
    return found


SAMPLE_ALARM_EMAIL = "risk-platform-ops+prod@example.com"


def alarm_email_is_required(template: Template) -> list[str]:
    """A template with the alarm topic requires AlarmEmail (a well-formed address, no empty
    default) and subscribes it to the topic."""
    if "AlarmTopic" not in (template.get("Resources") or {}):
        return []
    parameter = (template.get("Parameters") or {}).get("AlarmEmail")
    if parameter is None:
        return ["AlarmEmail: no such parameter; nobody hears the alarms"]
    found = []
    if "Default" in parameter:
        found.append("AlarmEmail: has a default, so a stage can leave it unset")
    if stage_accepts(parameter, "") or not stage_accepts(parameter, SAMPLE_ALARM_EMAIL):
        found.append("AlarmEmail: its pattern does not demand an email address")
    subscribed = any(
        props.get("Protocol") == "email"
        and ref_name(props.get("Endpoint")) == "AlarmEmail"
        and ref_name(props.get("TopicArn")) == "AlarmTopic"
        for _, props in resources(template, "AWS::SNS::Subscription")
    )
    if not subscribed:
        found.append("AlarmEmail: not subscribed to the alarm topic")
    return found


def alarm_email_in_every_aws_stage(config: dict[str, Any]) -> list[str]:
    """A samconfig.toml whose template requires AlarmEmail sets it in every environment."""
    found = []
    for environment, sections in config.items():
        if not isinstance(sections, dict):
            continue  # version = 0.1
        parameters = (sections.get("deploy") or {}).get("parameters") or {}
        if "stack_name" not in parameters:
            continue  # [default] and the like: settings, not an environment
        text = parameters.get("parameter_overrides", "")
        values = dict(item.split("=", 1) for item in text.split() if "=" in item)
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", values.get("AlarmEmail", "")):
            found.append(f"{environment}: no AlarmEmail")
    return found


def api_stages_are_behind_a_web_acl(template: Template) -> list[str]:
    """Every API stage is associated, on AWS stages, with the platform's web ACL; a web ACL
    is regional, runs AWS's common rule set for real (not counting), and logs."""
    found = []
    associations = list(resources(template, "AWS::WAFv2::WebACLAssociation"))
    res = template.get("Resources") or {}
    for name, _ in resources(template, "AWS::Serverless::Api"):
        protected = any(
            refers_to(props.get("ResourceArn"), name)
            and res[association].get("Condition") in (None, "NotLocal")
            and (
                "/network/web-acl-arn" in (sub_text(props.get("WebACLArn")) or "")
                or (res.get(ref_name(props.get("WebACLArn")) or "") or {}).get("Type")
                == "AWS::WAFv2::WebACL"
            )
            for association, props in associations
        )
        if not protected:
            found.append(f"{name}: its stage is behind no web ACL")
    logged = {
        ref_name(props.get("ResourceArn"))
        for _, props in resources(template, "AWS::WAFv2::LoggingConfiguration")
    }
    for name, props in resources(template, "AWS::WAFv2::WebACL"):
        if props.get("Scope") != "REGIONAL":
            found.append(f"{name}: not a regional web ACL (API Gateway needs one)")
        common = [
            rule
            for rule in props.get("Rules") or []
            if ((rule.get("Statement") or {}).get("ManagedRuleGroupStatement") or {}).get("Name")
            == "AWSManagedRulesCommonRuleSet"
        ]
        if not common or any(rule.get("OverrideAction") != {"None": {}} for rule in common):
            found.append(f"{name}: AWS's common rule set does not block")
        for rule in common:
            statement = rule["Statement"]["ManagedRuleGroupStatement"]
            counted = {o.get("Name") for o in statement.get("RuleActionOverrides") or []}
            if counted - {"SizeRestrictions_BODY"}:
                found.append(f"{name}: common rules only counted: {sorted(counted)}")
        if name not in logged:
            found.append(f"{name}: the web ACL logs nothing")
    return found


ADMIN_POLICIES = ("AdministratorAccess", "IAMFullAccess")


def no_administrator_roles(template: Template) -> list[str]:
    """No role, user, group or function gets AdministratorAccess (or IAMFullAccess)."""
    found = []
    for name, resource in (template.get("Resources") or {}).items():
        props = resource.get("Properties") or {}
        attached = list(props.get("ManagedPolicyArns") or [])
        if resource.get("Type") == "AWS::Serverless::Function":
            attached += [p for p in as_list(props.get("Policies") or []) if isinstance(p, str)]
        for arn in attached:
            text = arn_pattern(arn) or ""
            if any(text == policy or text.endswith(f"/{policy}") for policy in ADMIN_POLICIES):
                found.append(f"{name}: has {text.rsplit('/', 1)[-1]}")
    return found


PLATFORM_VPC_ENDPOINT = "{{resolve:ssm:/riskplatform/${Stage}/network/api-vpc-endpoint-id}}"
PLATFORM_USER_POOL = "{{resolve:ssm:/riskplatform/${Stage}/auth/user-pool-arn}}"


def apis_admit_only_the_platforms_endpoint_and_users(template: Template) -> list[str]:
    """An API's resource policy admits the platform's own execute-api endpoint and nothing
    else, and its only authorizer is the platform's user pool."""
    found = []
    for name, props in resources(template, "AWS::Serverless::Api"):
        auth = props.get("Auth") or {}
        policy = auth.get("ResourcePolicy") or {}
        for key in set(policy) - {"IntrinsicVpceWhitelist"}:
            found.append(f"{name}: resource policy also has {key}")
        for endpoint in as_list(policy.get("IntrinsicVpceWhitelist") or []):
            if sub_text(endpoint) != PLATFORM_VPC_ENDPOINT:
                found.append(
                    f"{name}: admits a VPC endpoint that is not the platform's: {endpoint}"
                )
        for authorizer_name, authorizer in (auth.get("Authorizers") or {}).items():
            pools = as_list(authorizer.get("UserPoolArn") or [])
            if not pools or any(sub_text(pool) != PLATFORM_USER_POOL for pool in pools):
                found.append(f"{name}.{authorizer_name}: not the platform's user pool")
    return found


def is_everyone(principal: Any) -> bool:
    if principal == "*":
        return True
    return isinstance(principal, dict) and "*" in as_list(principal.get("AWS") or [])


def resource_policies_name_their_principals(template: Template) -> list[str]:
    """No queue, topic, bucket or key policy allows "*" (everyone) in."""
    found = []
    for where, document, is_key_policy in policy_documents(template):
        resource = (template.get("Resources") or {}).get(where) or {}
        if not is_key_policy and resource.get("Type") not in (
            "AWS::SQS::QueuePolicy",
            "AWS::SNS::TopicPolicy",
            "AWS::S3::BucketPolicy",
        ):
            continue
        for statement in statements(document):
            if is_read_through_an_endpoint(statement):
                continue  # not public: only who reaches the VPC endpoint (ADR 60)
            if statement.get("Effect") == "Allow" and is_everyone(statement.get("Principal")):
                found.append(f"{where}: allows everyone ({', '.join(actions_of(statement))})")
    return found


def buckets_read_through_an_endpoint_admit_nothing_else(template: Template) -> list[str]:
    """A bucket that everyone may read through a VPC endpoint (the web app's files, ADR
    60) denies reads by any other way and any request without TLS."""
    found = []
    for name, _ in resources(template, "AWS::S3::Bucket"):
        policy = bucket_policies(template, name)
        for grant in filter(is_read_through_an_endpoint, policy):
            endpoints = condition_values(grant, "aws:SourceVpce")
            if not any(
                s.get("Effect") == "Deny"
                and is_everyone(s.get("Principal"))
                and grants(s, "s3:GetObject")
                and condition_values(s, "aws:SourceVpce") == endpoints
                and "StringNotEquals" in (s.get("Condition") or {})
                for s in policy
            ):
                found.append(f"{name}: readable through the endpoint but not only through it")
            if not any(
                s.get("Effect") == "Deny"
                and grants(s, "s3:GetObject")
                and condition_values(s, "aws:SecureTransport") == ["false"]
                for s in policy
            ):
                found.append(f"{name}: readable without TLS")
    return found


def load_balancers_https_tls13_behind_a_web_acl(template: Template) -> list[str]:
    """A load balancer (the web app's, ADR 60) listens on HTTPS only with a TLS 1.3
    policy and a certificate, is associated with a web ACL, and writes access logs."""
    found = []
    listeners = list(resources(template, "AWS::ElasticLoadBalancingV2::Listener"))
    associations = list(resources(template, "AWS::WAFv2::WebACLAssociation"))
    for name, props in resources(template, "AWS::ElasticLoadBalancingV2::LoadBalancer"):
        attributes = {
            a.get("Key"): a.get("Value") for a in props.get("LoadBalancerAttributes") or []
        }
        if attributes.get("access_logs.s3.enabled") not in ("true", True):
            found.append(f"{name}: writes no access logs")
        if not any(refers_to(p.get("ResourceArn"), name) for _, p in associations):
            found.append(f"{name}: behind no web ACL")
        own = [(n, p) for n, p in listeners if refers_to(p.get("LoadBalancerArn"), name)]
        if not own:
            found.append(f"{name}: no listener")
        for listener, p in own:
            if p.get("Protocol") != "HTTPS" or not p.get("Certificates"):
                found.append(f"{listener}: not HTTPS with a certificate")
            if not str(p.get("SslPolicy") or "").startswith("ELBSecurityPolicy-TLS13-1-3-"):
                found.append(f"{listener}: TLS policy {p.get('SslPolicy')} is not TLS 1.3 only")
    return found


def graph_iam_auth_is_unconditional(template: Template) -> list[str]:
    """Neptune's IAM authentication is literally on, not behind a condition or parameter."""
    return [
        f"{name}: IamAuthEnabled is {props.get('IamAuthEnabled')!r}, not true"
        for name, props in resources(template, "AWS::Neptune::DBCluster")
        if props.get("IamAuthEnabled") not in (True, "true")
    ]


TRAIL_MUST = (
    "EnableLogFileValidation",
    "IsLogging",
    "IsMultiRegionTrail",
    "IncludeGlobalServiceEvents",
)


def trails_validate_their_log_files(template: Template) -> list[str]:
    """Every trail logs, in every region, with log-file validation and a customer key."""
    found = []
    for name, props in resources(template, "AWS::CloudTrail::Trail"):
        found += [
            f"{name}: {key} is not true"
            for key in TRAIL_MUST
            if props.get(key) not in (True, "true")
        ]
        if not props.get("KMSKeyId"):
            found.append(f"{name}: log files not encrypted with a customer key")
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
    "traced functions can write to X-Ray": traced_functions_can_write_to_xray,
    "key policies fit their services": key_policies_fit_their_services,
    "stage names are valid identifiers": stage_names_are_valid_identifiers,
    "deployment roles cannot escalate": deployment_roles_cannot_escalate,
    "roles carry the stages' boundary": roles_carry_the_stages_boundary,
    "APIs declare their OpenAPI version": apis_declare_their_openapi_version,
    "rotation waits for the database and its users": rotation_waits_for_the_database_and_its_users,
    "log groups AWS would make are declared": aws_made_log_groups_are_declared,
    "what snapshots need is retained": what_snapshots_need_is_retained,
    "engine versions match their families": engine_versions_match_their_families,
    "findings and failures reach the alarm topic": findings_and_failures_reach_the_alarm_topic,
    "data stores have alarms": data_stores_have_alarms,
    "alarm email is required": alarm_email_is_required,
    "API stages are behind a web ACL": api_stages_are_behind_a_web_acl,
    "no administrator roles": no_administrator_roles,
    "APIs admit only the platform's endpoint and users": (
        apis_admit_only_the_platforms_endpoint_and_users
    ),
    "resource policies name their principals": resource_policies_name_their_principals,
    "graph IAM auth is unconditional": graph_iam_auth_is_unconditional,
    "trails validate their log files": trails_validate_their_log_files,
    "buckets read through an endpoint admit nothing else": (
        buckets_read_through_an_endpoint_admit_nothing_else
    ),
    "load balancers are HTTPS, TLS 1.3, behind a web ACL": (
        load_balancers_https_tls13_behind_a_web_acl
    ),
}
