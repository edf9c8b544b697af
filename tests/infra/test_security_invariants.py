"""Every template keeps the platform's security invariants, and each check catches the
mistake it is there for (a mutated copy of a real template fails it)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.infra.invariants import CHECKS, ROOT, Template, load, templates

TEMPLATES = templates()


def test_every_template_is_found() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in TEMPLATES}
    assert {
        "template.yaml",
        "platform/network.yaml",
        "platform/data.yaml",
        "platform/security.yaml",
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


def test_the_schema_registry_is_generated_from_events_schema() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("schemas", ROOT / "platform" / "schemas.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "platform" / "schemas.yaml").read_text()
    assert committed == module.render(), "run: .local/venvs/dev/bin/python platform/schemas.py"
