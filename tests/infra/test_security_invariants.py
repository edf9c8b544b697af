"""Every template keeps the platform's security invariants, and each check catches the
mistake it is there for (a mutated copy of a real template fails it)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.infra.invariants import (
    CHECKS,
    ROOT,
    Template,
    alarm_email_in_every_aws_stage,
    load,
    templates,
)

TEMPLATES = templates()


def test_every_template_is_found() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in TEMPLATES}
    assert {
        "template.yaml",
        "platform/network.yaml",
        "platform/data.yaml",
        "platform/security.yaml",
        "platform/web.yaml",
        "services/risk-intake/template.yaml",
        "services/metrics-scoring/template.yaml",
        "services/graph-sync/template.yaml",
        "services/reporting/template.yaml",
    } <= names
    assert any(name.startswith("pipeline/") for name in names)


@pytest.mark.parametrize("check", CHECKS, ids=str)
@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_template_keeps_invariant(path: Path, check: str) -> None:
    assert CHECKS[check](load(path)) == []


# --------------------------------------------------------------------------- mutations

SERVICE = ROOT / "services" / "metrics-scoring" / "template.yaml"
INTAKE = ROOT / "services" / "risk-intake" / "template.yaml"
NETWORK = ROOT / "platform" / "network.yaml"
DATA = ROOT / "platform" / "data.yaml"
PLATFORM = ROOT / "template.yaml"
SECURITY = ROOT / "platform" / "security.yaml"
PIPELINE = ROOT / "pipeline" / "pipeline.yaml"
FOUNDATION = ROOT / "pipeline" / "foundation.yaml"
WEB = ROOT / "platform" / "web.yaml"


def props(template: Template, name: str) -> dict[str, Any]:
    return template["Resources"][name]["Properties"]


def public_api(t: Template) -> None:
    props(t, "ScoringApi")["EndpointConfiguration"] = {"Type": "REGIONAL"}


def function_url(t: Template) -> None:
    props(t, "ScoringApiFunction")["FunctionUrlConfig"] = {"AuthType": "NONE"}


def internet_gateway(t: Template) -> None:
    t["Resources"]["Gateway"] = {"Type": "AWS::EC2::InternetGateway", "Properties": {}}


def public_subnet(t: Template) -> None:
    props(t, "PrivateSubnetA")["MapPublicIpOnLaunch"] = True


def open_security_group(t: Template) -> None:
    props(t, "DatabaseSecurityGroup")["SecurityGroupIngress"].append(
        {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "CidrIp": "0.0.0.0/0"}
    )


def public_database(t: Template) -> None:
    props(t, "DbWriter")["PubliclyAccessible"] = True


def no_endpoint_policy(t: Template) -> None:
    del props(t, "ScoringApi")["Auth"]["ResourcePolicy"]


def no_authorizer(t: Template) -> None:
    del props(t, "ScoringApi")["Auth"]["DefaultAuthorizer"]


def route_without_authorizer(t: Template) -> None:
    event = props(t, "ScoringApiFunction")["Events"]["RoutesGet"]["Properties"]
    event["Auth"] = {"Authorizer": "NONE"}


def no_throttling(t: Template) -> None:
    del props(t, "ScoringApi")["MethodSettings"]


def no_access_logs(t: Template) -> None:
    del props(t, "ScoringApi")["AccessLogSetting"]


def queue_without_dlq(t: Template) -> None:
    del props(t, "ScoringQueue")["RedrivePolicy"]


def dlq_without_alarm(t: Template) -> None:
    del t["Resources"]["ScoringDeadLetterAlarm"]


def unhandled_events_unwatched(t: Template) -> None:
    del t["Resources"]["ScoringEventsUnhandledAlarm"]


def too_few_receives(t: Template) -> None:
    props(t, "ScoringQueue")["RedrivePolicy"]["maxReceiveCount"] = 1


def log_group_forever(t: Template) -> None:
    del props(t, "ScoringApiFunctionLogs")["RetentionInDays"]


def log_group_without_key(t: Template) -> None:
    del props(t, "ScoringApiAccessLogs")["KmsKeyId"]


def function_without_log_group(t: Template) -> None:
    del t["Resources"]["ScoringConsumerFunctionLogs"]


def plain_queue(t: Template) -> None:
    del props(t, "ScoringDeadLetterQueue")["KmsMasterKeyId"]


def unencrypted_database(t: Template) -> None:
    props(t, "DbCluster")["StorageEncrypted"] = False


def graph_without_iam(t: Template) -> None:
    del props(t, "GraphCluster")["IamAuthEnabled"]


def node_memcached(t: Template) -> None:
    t["Resources"]["Cache"] = {
        "Type": "AWS::ElastiCache::CacheCluster",
        "Properties": {"Engine": "memcached"},
    }


def key_without_rotation(t: Template) -> None:
    del props(t, "DataKey")["EnableKeyRotation"]


def plain_secret(t: Template) -> None:
    del props(t, "RiskIntakeDbSecret")["KmsKeyId"]


def wildcard_action(t: Template) -> None:
    statements = props(t, "ScoringApiRole")["Policies"][0]["PolicyDocument"]["Statement"]
    statements.append({"Effect": "Allow", "Action": "sqs:*", "Resource": "arn:aws:sqs:::q"})


def wildcard_resource(t: Template) -> None:
    statements = props(t, "ScoringApiRole")["Policies"][0]["PolicyDocument"]["Statement"]
    statements.append(
        {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}
    )


def sam_policies(t: Template) -> None:
    props(t, "ScoringApiFunction")["Policies"] = ["AWSLambdaBasicExecutionRole"]


def wildcard_in_key_policy(t: Template) -> None:
    statements = props(t, "DataKey")["KeyPolicy"]["Statement"]
    statements.append(
        {"Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"}, "Action": "kms:*"}
    )


def outside_the_vpc(t: Template) -> None:
    del t["Globals"]["Function"]["VpcConfig"]


def vpc_only_in_dev(t: Template) -> None:
    t["Globals"]["Function"]["VpcConfig"]["Fn::If"][0] = "IsDev"


# ---- issue 8: the defects a review found, and the mutations that passed every gate


def statement(t: Template, resource: str, sid: str) -> dict[str, Any]:
    """The statement with this Sid in a role's policies or a key's policy."""
    document = props(t, resource)
    candidates = (
        document["KeyPolicy"]["Statement"]
        if "KeyPolicy" in document
        else [s for p in document["Policies"] for s in p["PolicyDocument"]["Statement"]]
    )
    return next(s for s in candidates if s.get("Sid") == sid)


def drop_statement(t: Template, resource: str, sid: str) -> None:
    document = props(t, resource)
    for policy in document.get("Policies") or [{"PolicyDocument": document.get("KeyPolicy")}]:
        found = policy["PolicyDocument"]["Statement"]
        found[:] = [s for s in found if s.get("Sid") != sid]


def undepend(t: Template, resource: str, name: str) -> None:
    after = t["Resources"][resource]["DependsOn"]
    t["Resources"][resource]["DependsOn"] = [d for d in after if d != name]


def inspector_enabler_without_xray(t: Template) -> None:
    drop_statement(t, "InspectorEnablerRole", "Tracing")


def traced_function_role_without_xray(t: Template) -> None:
    drop_statement(t, "ScoringApiRole", "Tracing")


def describe_key_under_encryption_context(t: Template) -> None:
    describe = statement(t, "TrailKey", "CloudTrailDescribesTheKey")
    describe["Condition"]["StringLike"] = {
        "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*"
    }


def trail_key_without_decrypt(t: Template) -> None:
    drop_statement(t, "TrailKey", "CloudTrailUsesTheBucketKey")


def stage_allows_trailing_hyphens(t: Template) -> None:
    t["Parameters"]["Stage"] = {"Type": "String", "AllowedPattern": "^[a-z][a-z0-9-]{1,19}$"}


def deployment_role_reaches_pipeline_roles(t: Template) -> None:
    roles = statement(t, "DeploymentRole", "TheStageStacksRoles")
    roles["Resource"] = {
        "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/riskplatform-*"
    }


def deployment_role_attaches_any_policy(t: Template) -> None:
    del statement(t, "DeploymentRole", "OnlyServiceRolePoliciesAttach")["Condition"]


def deployment_role_without_deny(t: Template) -> None:
    drop_statement(t, "DeploymentRole", "NeverThePipelinesOwnRoles")


def deployment_role_assumes_roles(t: Template) -> None:
    drop_statement(t, "DeploymentRole", "NoOtherRolesCredentials")


def branch_role_reaches_pipeline_roles(t: Template) -> None:
    roles = statement(t, "BranchDeploymentRole", "TheBranchStacksRoles")
    roles["Resource"] = "*"


def role_without_boundary(t: Template) -> None:
    del props(t, "ScoringApiRole")["PermissionsBoundary"]


def boundary_only_locally(t: Template) -> None:
    boundary = props(t, "ScoringApiRole")["PermissionsBoundary"]["Fn::If"]
    boundary[1], boundary[2] = boundary[2], boundary[1]


def role_action_outside_boundary(t: Template) -> None:
    policy = props(t, "ScoringApiRole")["Policies"][0]["PolicyDocument"]
    policy["Statement"].append(
        {
            "Effect": "Allow",
            "Action": "iam:PutRolePolicy",
            "Resource": {"Fn::GetAtt": ["ScoringApiRole", "Arn"]},
        }
    )


def codedeploy_role_made_by_sam(t: Template) -> None:
    del props(t, "ScoringApiFunction")["DeploymentPreference"]["Role"]


def hosted_rotation(t: Template) -> None:
    schedule = props(t, "ReportingDbSecretRotation")
    del schedule["RotationLambdaARN"]
    schedule["HostedRotationLambda"] = {"RotationType": "MySQLMultiUser"}


def role_without_boundary_in_security(t: Template) -> None:
    del props(t, "InspectorEnablerRole")["PermissionsBoundary"]


def deployment_role_creates_unbounded_roles(t: Template) -> None:
    del statement(t, "DeploymentRole", "OnlyWithinTheStagesBoundary")["Condition"]


def deployment_role_removes_the_boundary(t: Template) -> None:
    drop_statement(t, "DeploymentRole", "TheBoundaryStays")


def boundary_allows_iam_writes(t: Template) -> None:
    policy = props(t, "StageRoleBoundary")["PolicyDocument"]
    policy["Statement"][0]["Action"].append("iam:PutRolePolicy")


def no_openapi_version(t: Template) -> None:
    del t["Globals"]["Api"]


def rotation_before_the_writer(t: Template) -> None:
    undepend(t, "MasterDbSecretRotation", "DbWriter")


def service_secret_rotated_at_creation(t: Template) -> None:
    props(t, "ReportingDbSecretRotation")["RotateImmediatelyOnUpdate"] = True


def aurora_audit_log_group_missing(t: Template) -> None:
    del t["Resources"]["DbAuditLogs"]
    undepend(t, "DbCluster", "DbAuditLogs")


def neptune_logs_before_their_group(t: Template) -> None:
    del t["Resources"]["GraphCluster"]["DependsOn"]


def rotation_log_group_missing(t: Template) -> None:
    del t["Resources"]["DbRotationLogs"]


def data_key_not_retained(t: Template) -> None:
    del t["Resources"]["DataKey"]["DeletionPolicy"]


def secret_not_retained(t: Template) -> None:
    del t["Resources"]["MasterDbSecret"]["DeletionPolicy"]


def replaced_cluster_without_snapshot(t: Template) -> None:
    t["Resources"]["DbCluster"]["UpdateReplacePolicy"] = "Delete"


def neptune_version_unpinned(t: Template) -> None:
    del props(t, "GraphCluster")["EngineVersion"]


def neptune_version_of_another_family(t: Template) -> None:
    props(t, "GraphCluster")["EngineVersion"] = "1.3.2.0"


def guardduty_findings_unrouted(t: Template) -> None:
    del t["Resources"]["GuardDutyFindingsRule"]


def inspector_findings_unrouted(t: Template) -> None:
    del t["Resources"]["InspectorFindingsRule"]


def findings_to_another_topic(t: Template) -> None:
    target = props(t, "GuardDutyFindingsRule")["Targets"][0]
    target["Arn"] = "arn:aws:sns:us-east-1:111122223333:elsewhere"


def failed_rotations_unrouted(t: Template) -> None:
    del t["Resources"]["RotationFailedRule"]


def failed_pipelines_unrouted(t: Template) -> None:
    del t["Resources"]["PipelineFailedRule"]


def neptune_without_alarms(t: Template) -> None:
    del t["Resources"]["GraphCapacityAlarm"], t["Resources"]["GraphQueueAlarm"]


def cache_alarms_to_nobody(t: Template) -> None:
    for alarm in ("CacheThrottlingAlarm", "CacheEvictionsAlarm"):
        props(t, alarm)["AlarmActions"] = []


def alarm_email_optional(t: Template) -> None:
    t["Parameters"]["AlarmEmail"]["Default"] = ""


def alarm_email_unsubscribed(t: Template) -> None:
    del t["Resources"]["AlarmEmailSubscription"]


def api_stage_without_web_acl(t: Template) -> None:
    del t["Resources"]["ScoringApiWebAcl"]


def web_acl_only_locally(t: Template) -> None:
    t["Resources"]["ScoringApiWebAcl"]["Condition"] = "IsLocal"


def common_rules_only_counted(t: Template) -> None:
    props(t, "ApiWebAcl")["Rules"][0]["OverrideAction"] = {"Count": {}}


def web_acl_without_logs(t: Template) -> None:
    del t["Resources"]["ApiWebAclLogging"]


def administrator_role(t: Template) -> None:
    props(t, "DbMonitoringRole")["ManagedPolicyArns"].append(
        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess"}
    )


def administrator_function_role(t: Template) -> None:
    props(t, "ScoringApiRole")["ManagedPolicyArns"] = [
        "arn:aws:iam::aws:policy/AdministratorAccess"
    ]


def foreign_vpc_endpoint(t: Template) -> None:
    policy = props(t, "ScoringApi")["Auth"]["ResourcePolicy"]
    policy["IntrinsicVpceWhitelist"].append("vpce-0123456789abcdef0")


def foreign_user_pool(t: Template) -> None:
    authorizer = props(t, "ScoringApi")["Auth"]["Authorizers"]["Cognito"]
    authorizer["UserPoolArn"] = (
        "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Foreign"
    )


def queue_open_to_everyone(t: Template) -> None:
    props(t, "ScoringQueuePolicy")["PolicyDocument"]["Statement"][0]["Principal"] = "*"


def graph_iam_auth_behind_a_condition(t: Template) -> None:
    props(t, "GraphCluster")["IamAuthEnabled"] = {"Fn::If": ["IsProd", True, False]}


def trail_without_log_file_validation(t: Template) -> None:
    props(t, "Trail")["EnableLogFileValidation"] = False


def bucket_statements(t: Template, policy: str) -> list[dict[str, Any]]:
    statements: list[dict[str, Any]] = props(t, policy)["PolicyDocument"]["Statement"]
    return statements


def drop_bucket_statement(t: Template, policy: str, sid: str) -> None:
    found = bucket_statements(t, policy)
    found[:] = [s for s in found if s.get("Sid") != sid]


def web_files_readable_not_only_through_the_endpoint(t: Template) -> None:
    drop_bucket_statement(t, "WebBucketPolicy", "ReadsOnlyThroughTheS3InterfaceEndpoint")


def web_files_readable_without_tls(t: Template) -> None:
    drop_bucket_statement(t, "WebBucketPolicy", "TlsOnly")


def web_files_readable_by_everyone(t: Template) -> None:
    grant = bucket_statements(t, "WebBucketPolicy")[0]
    del grant["Condition"]


def web_bucket_without_kms_or_anonymous_reads(t: Template) -> None:
    drop_bucket_statement(t, "WebBucketPolicy", "ReadsThroughTheS3InterfaceEndpoint")


def internet_facing_load_balancer(t: Template) -> None:
    props(t, "LoadBalancer")["Scheme"] = "internet-facing"


def listener_allows_tls12(t: Template) -> None:
    props(t, "Listener")["SslPolicy"] = "ELBSecurityPolicy-TLS13-1-2-2021-06"


def load_balancer_without_web_acl(t: Template) -> None:
    del t["Resources"]["WebAclAssociation"]


def load_balancer_without_access_logs(t: Template) -> None:
    attributes = props(t, "LoadBalancer")["LoadBalancerAttributes"]
    attributes[:] = [a for a in attributes if a["Key"] != "access_logs.s3.enabled"]


Mutation = Callable[[Template], None]
MUTATIONS: list[tuple[str, Path, Mutation]] = [
    ("no public endpoint", SERVICE, public_api),
    ("no public endpoint", SERVICE, function_url),
    ("no public endpoint", NETWORK, internet_gateway),
    ("no public endpoint", NETWORK, public_subnet),
    ("no public endpoint", NETWORK, open_security_group),
    ("no public endpoint", DATA, public_database),
    ("private APIs with endpoint policy and authorizer", SERVICE, no_endpoint_policy),
    ("private APIs with endpoint policy and authorizer", SERVICE, no_authorizer),
    ("private APIs with endpoint policy and authorizer", SERVICE, route_without_authorizer),
    ("private APIs with endpoint policy and authorizer", SERVICE, no_throttling),
    ("private APIs with endpoint policy and authorizer", SERVICE, no_access_logs),
    ("queues with DLQ and alarm", SERVICE, queue_without_dlq),
    ("queues with DLQ and alarm", SERVICE, dlq_without_alarm),
    ("queues with DLQ and alarm", SERVICE, too_few_receives),
    ("queues with DLQ and alarm", SERVICE, unhandled_events_unwatched),
    ("log groups with retention and key", SERVICE, log_group_forever),
    ("log groups with retention and key", SERVICE, log_group_without_key),
    ("log groups with retention and key", SERVICE, function_without_log_group),
    ("data stores encrypted", SERVICE, plain_queue),
    ("data stores encrypted", DATA, unencrypted_database),
    ("data stores encrypted", DATA, graph_without_iam),
    ("data stores encrypted", DATA, node_memcached),
    ("data stores encrypted", PLATFORM, key_without_rotation),
    ("data stores encrypted", DATA, plain_secret),
    ("least privilege", SERVICE, wildcard_action),
    ("least privilege", SERVICE, wildcard_resource),
    ("least privilege", SERVICE, sam_policies),
    ("least privilege", PLATFORM, wildcard_in_key_policy),
    ("functions in private subnets", INTAKE, outside_the_vpc),
    ("functions in private subnets", INTAKE, vpc_only_in_dev),
    ("traced functions can write to X-Ray", SECURITY, inspector_enabler_without_xray),
    ("traced functions can write to X-Ray", SERVICE, traced_function_role_without_xray),
    ("key policies fit their services", SECURITY, describe_key_under_encryption_context),
    ("key policies fit their services", SECURITY, trail_key_without_decrypt),
    ("stage names are valid identifiers", SERVICE, stage_allows_trailing_hyphens),
    ("stage names are valid identifiers", DATA, stage_allows_trailing_hyphens),
    ("deployment roles cannot escalate", PIPELINE, deployment_role_reaches_pipeline_roles),
    ("deployment roles cannot escalate", PIPELINE, deployment_role_attaches_any_policy),
    ("deployment roles cannot escalate", PIPELINE, deployment_role_without_deny),
    ("deployment roles cannot escalate", PIPELINE, deployment_role_assumes_roles),
    ("deployment roles cannot escalate", FOUNDATION, branch_role_reaches_pipeline_roles),
    ("roles carry the stages' boundary", SERVICE, role_without_boundary),
    ("roles carry the stages' boundary", SERVICE, boundary_only_locally),
    ("roles carry the stages' boundary", SERVICE, role_action_outside_boundary),
    ("roles carry the stages' boundary", SERVICE, codedeploy_role_made_by_sam),
    ("roles carry the stages' boundary", DATA, hosted_rotation),
    ("roles carry the stages' boundary", PIPELINE, deployment_role_creates_unbounded_roles),
    ("roles carry the stages' boundary", PIPELINE, deployment_role_removes_the_boundary),
    ("roles carry the stages' boundary", FOUNDATION, boundary_allows_iam_writes),
    ("roles carry the stages' boundary", SECURITY, role_without_boundary_in_security),
    ("APIs declare their OpenAPI version", SERVICE, no_openapi_version),
    ("rotation waits for the database and its users", DATA, rotation_before_the_writer),
    ("rotation waits for the database and its users", DATA, service_secret_rotated_at_creation),
    ("log groups AWS would make are declared", DATA, aurora_audit_log_group_missing),
    ("log groups AWS would make are declared", DATA, neptune_logs_before_their_group),
    ("log groups with retention and key", DATA, rotation_log_group_missing),
    ("what snapshots need is retained", PLATFORM, data_key_not_retained),
    ("what snapshots need is retained", DATA, secret_not_retained),
    ("what snapshots need is retained", DATA, replaced_cluster_without_snapshot),
    ("engine versions match their families", DATA, neptune_version_unpinned),
    ("engine versions match their families", DATA, neptune_version_of_another_family),
    ("findings and failures reach the alarm topic", SECURITY, guardduty_findings_unrouted),
    ("findings and failures reach the alarm topic", SECURITY, inspector_findings_unrouted),
    ("findings and failures reach the alarm topic", SECURITY, findings_to_another_topic),
    ("findings and failures reach the alarm topic", DATA, failed_rotations_unrouted),
    ("findings and failures reach the alarm topic", PIPELINE, failed_pipelines_unrouted),
    ("data stores have alarms", DATA, neptune_without_alarms),
    ("data stores have alarms", DATA, cache_alarms_to_nobody),
    ("alarm email is required", PLATFORM, alarm_email_optional),
    ("alarm email is required", PLATFORM, alarm_email_unsubscribed),
    ("API stages are behind a web ACL", SERVICE, api_stage_without_web_acl),
    ("API stages are behind a web ACL", SERVICE, web_acl_only_locally),
    ("API stages are behind a web ACL", NETWORK, common_rules_only_counted),
    ("API stages are behind a web ACL", NETWORK, web_acl_without_logs),
    ("no administrator roles", DATA, administrator_role),
    ("no administrator roles", SERVICE, administrator_function_role),
    ("APIs admit only the platform's endpoint and users", SERVICE, foreign_vpc_endpoint),
    ("APIs admit only the platform's endpoint and users", SERVICE, foreign_user_pool),
    ("resource policies name their principals", SERVICE, queue_open_to_everyone),
    ("graph IAM auth is unconditional", DATA, graph_iam_auth_behind_a_condition),
    ("trails validate their log files", SECURITY, trail_without_log_file_validation),
    ("no public endpoint", WEB, internet_facing_load_balancer),
    ("data stores encrypted", WEB, web_bucket_without_kms_or_anonymous_reads),
    ("resource policies name their principals", WEB, web_files_readable_by_everyone),
    (
        "buckets read through an endpoint admit nothing else",
        WEB,
        web_files_readable_not_only_through_the_endpoint,
    ),
    ("buckets read through an endpoint admit nothing else", WEB, web_files_readable_without_tls),
    ("load balancers are HTTPS, TLS 1.3, behind a web ACL", WEB, listener_allows_tls12),
    ("load balancers are HTTPS, TLS 1.3, behind a web ACL", WEB, load_balancer_without_web_acl),
    (
        "load balancers are HTTPS, TLS 1.3, behind a web ACL",
        WEB,
        load_balancer_without_access_logs,
    ),
]


@pytest.mark.parametrize(
    ("check", "path", "mutate"),
    MUTATIONS,
    ids=[f"{check}: {mutate.__name__}" for check, _, mutate in MUTATIONS],
)
def test_check_catches_the_mutation(check: str, path: Path, mutate: Mutation) -> None:
    template = load(path)
    assert CHECKS[check](template) == [], "the real template must pass before mutating it"
    mutated = copy.deepcopy(template)
    mutate(mutated)
    assert CHECKS[check](mutated), f"{check} missed {mutate.__name__}"


def test_every_check_is_shown_to_catch_something() -> None:
    assert {check for check, _, _ in MUTATIONS} == set(CHECKS)


def samconfig(path: Path) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(path.read_text())


def test_every_stage_names_who_hears_its_alarms() -> None:
    assert alarm_email_in_every_aws_stage(samconfig(ROOT / "samconfig.toml")) == []


def test_a_stage_without_alarm_email_is_caught() -> None:
    config = samconfig(ROOT / "samconfig.toml")
    prod = config["prod"]["deploy"]["parameters"]
    prod["parameter_overrides"] = " ".join(
        item for item in prod["parameter_overrides"].split() if not item.startswith("AlarmEmail=")
    )
    assert alarm_email_in_every_aws_stage(config) == ["prod: no AlarmEmail"]


def test_the_schema_registry_is_generated_from_events_schema() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("schemas", ROOT / "platform" / "schemas.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "platform" / "schemas.yaml").read_text()
    assert committed == module.render(), "run: .local/venvs/dev/bin/python platform/schemas.py"
