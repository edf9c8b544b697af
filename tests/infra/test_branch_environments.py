"""Branch environments (pipeline/branch-env.sh, ADR 44) get a valid stage name, never the
account-wide parts, and an expiry that the foundation's janitor acts on; each check is
shown to catch the mistake it is there for."""

from __future__ import annotations

import copy
import importlib.util
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import pytest

from tests.infra.invariants import (
    ROOT,
    Template,
    arn_pattern,
    as_list,
    load,
    ref_name,
    resources,
    stage_accepts,
    statements,
    templates,
)

SERVICES = ("risk-intake", "metrics-scoring", "graph-sync", "reporting")
FOUNDATION = ROOT / "pipeline" / "foundation.yaml"
SCRIPT = ROOT / "pipeline" / "branch-env.sh"


def branch_env() -> ModuleType:
    spec = importlib.util.spec_from_file_location("branch_env", ROOT / "pipeline" / "branch_env.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BRANCHES = [
    "main",
    "feature/heatmap-filters",
    "Feature/Heatmap__Filters",
    "fix--double--hyphens",
    "a-branch-name-much-longer-than-any-stage-can-be",
    "branch-whose-cut-ends-in-a-hyphen-",
    "abcdefghijklmnopq-rest",
    "123-starts-with-digits",
    "renovate/aws-sdk-3.x",
    "ünïcödé/branch",
]


@pytest.mark.parametrize("branch", BRANCHES)
def test_a_branch_gets_a_stage_every_template_accepts(branch: str) -> None:
    stage = branch_env().stage_name(branch)
    for path in templates():
        parameter = (load(path).get("Parameters") or {}).get("Stage")
        if parameter is not None:
            assert stage_accepts(parameter, stage), f"{path.name} refuses {stage}"


def test_a_branch_without_letters_or_digits_gets_no_stage() -> None:
    with pytest.raises(ValueError):
        branch_env().stage_name("__/--")


def test_the_old_way_of_naming_made_invalid_stages() -> None:
    """What branch-env.sh did before (cut, no clean-up) is refused by the templates."""
    stage = "br-branch-whose-cut-"  # br-$(... | cut -c1-17) of "branch-whose-cut-ends-..."
    parameter = load(ROOT / "template.yaml")["Parameters"]["Stage"]
    assert not stage_accepts(parameter, stage)


@pytest.mark.parametrize("component", ["", *(f"services/{s}" for s in SERVICES)])
def test_a_branch_environment_never_manages_account_security(component: str) -> None:
    values = dict(item.split("=", 1) for item in branch_env().overrides(ROOT / component, "br-x"))
    assert values["Stage"] == "br-x"
    assert values.get("ManageAccountSecurity", "false") == "false"


def test_dev_manages_account_security_so_the_override_matters() -> None:
    import tomllib

    dev = tomllib.loads((ROOT / "samconfig.toml").read_text())["dev"]["deploy"]["parameters"]
    assert "ManageAccountSecurity=true" in dev["parameter_overrides"].split()


def test_a_branch_environment_expires() -> None:
    module = branch_env()
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert module.tags("br-x", 7, now) == [
        "riskplatform:stage=br-x",
        "riskplatform:expires-at=2026-03-08T12:00:00Z",
    ]
    for days in (0, module.MAX_DAYS + 1):
        with pytest.raises(ValueError):
            module.tags("br-x", days, now)


def test_the_script_deploys_with_the_expiry_and_the_branch_role() -> None:
    script = SCRIPT.read_text()
    assert "decide tags" in script and '--tags "${tags[@]}"' in script
    assert "decide overrides" in script and '--parameter-overrides "${overrides[@]}"' in script
    assert '--role-arn "$role"' in script
    assert 'replace("Stage=dev"' not in script  # the old copy of dev's overrides


# --------------------------------------------------------------------------- the janitor

BRANCH_STACKS = "arn:aws:cloudformation:us-east-1:123456789012:stack/riskplatform-br-x/1"
DEV_STACK = "arn:aws:cloudformation:us-east-1:123456789012:stack/riskplatform-dev/1"


def janitor_problems(template: Template) -> list[str]:
    """A function deletes stacks past their expiry tag, on a schedule, and may delete
    branch stacks only."""
    from fnmatch import fnmatchcase

    found = []
    functions = {
        name: props
        for name, props in resources(template, "AWS::Lambda::Function")
        if "riskplatform:expires-at" in str((props.get("Code") or {}).get("ZipFile", ""))
        and "delete_stack" in str((props.get("Code") or {}).get("ZipFile", ""))
    }
    if not functions:
        return ["no function deletes expired branch environments"]
    for name, props in functions.items():
        scheduled = any(
            str(rule.get("ScheduleExpression", "")).startswith(("rate(", "cron("))
            and rule.get("State", "ENABLED") == "ENABLED"
            and any(ref_name(target.get("Arn")) == name for target in rule.get("Targets") or [])
            for _, rule in resources(template, "AWS::Events::Rule")
        )
        if not scheduled:
            found.append(f"{name}: never runs")
        role = ref_name(props.get("Role")) or ""
        role_props = template["Resources"][role]["Properties"]
        for policy in role_props.get("Policies") or []:
            for statement in statements(policy.get("PolicyDocument")):
                if "cloudformation:DeleteStack" not in as_list(statement.get("Action")):
                    continue
                targets = [arn_pattern(r) or "*" for r in as_list(statement.get("Resource"))]
                if not any(fnmatchcase(BRANCH_STACKS, t) for t in targets):
                    found.append(f"{name}: may not delete branch stacks")
                if any(fnmatchcase(DEV_STACK, t) for t in targets):
                    found.append(f"{name}: may delete the stages' stacks")
    return found


def test_the_janitor_deletes_expired_branch_environments() -> None:
    assert janitor_problems(load(FOUNDATION)) == []


def without_schedule(t: Template) -> None:
    del t["Resources"]["BranchJanitorSchedule"]


def deletes_any_stack(t: Template) -> None:
    role = t["Resources"]["BranchJanitorRole"]["Properties"]
    for statement in role["Policies"][0]["PolicyDocument"]["Statement"]:
        if statement.get("Sid") == "OnlyBranchStacks":
            statement["Resource"] = "*"


def without_janitor(t: Template) -> None:
    del t["Resources"]["BranchJanitor"]


@pytest.mark.parametrize("mutate", [without_schedule, deletes_any_stack, without_janitor])
def test_the_janitor_check_catches(mutate: Any) -> None:
    mutated = copy.deepcopy(load(FOUNDATION))
    mutate(mutated)
    assert janitor_problems(mutated)
