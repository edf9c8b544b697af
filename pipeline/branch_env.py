"""The decisions behind pipeline/branch-env.sh, in one place the tests can reach (ADR 44).

    python3.13 pipeline/branch_env.py stage <branch>          # br-<slug>, a valid Stage
    python3.13 pipeline/branch_env.py overrides <dir> <stage> # one Key=Value per line
    python3.13 pipeline/branch_env.py tags <stage> <days>     # one Key=Value per line

A branch environment takes dev's settings from each samconfig.toml with three changes:
its own Stage; ManageAccountSecurity=false (CloudTrail, GuardDuty, Inspector and API
Gateway's logging role exist once per account, and dev owns them); and tags that say
when it expires, which the foundation's janitor reads every hour.
"""

from __future__ import annotations

import re
import shlex
import sys
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

PREFIX = "br-"
STAGE_LENGTH = 20  # the templates' Stage MaxLength
STAGE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")  # the templates' Stage AllowedPattern
EXPIRES_TAG = "riskplatform:expires-at"
DEFAULT_DAYS = 7
MAX_DAYS = 30
# What a branch environment never takes from dev, whatever dev's samconfig.toml says.
FORCED = {"ManageAccountSecurity": "false"}


def stage_name(branch: str) -> str:
    """br-<slug of the branch>: lowercase letters and digits, single hyphens between them,
    never at the end, at most STAGE_LENGTH characters in all."""
    slug = re.sub(r"[^a-z0-9]+", "-", branch.lower()).strip("-")
    slug = slug[: STAGE_LENGTH - len(PREFIX)].rstrip("-")
    if not slug:
        raise ValueError(f"branch {branch!r} has no letters or digits to name a stage")
    return PREFIX + slug


def overrides(directory: Path, stage: str) -> list[str]:
    """dev's parameter overrides of directory/samconfig.toml, for the branch's stage."""
    config = tomllib.loads((directory / "samconfig.toml").read_text())
    text = config["dev"]["deploy"]["parameters"]["parameter_overrides"]
    values = dict(item.split("=", 1) for item in shlex.split(text))
    values["Stage"] = stage
    for key, value in FORCED.items():
        if key in values:
            values[key] = value
    return [f"{key}={value}" for key, value in values.items()]


def expires_at(days: int, now: datetime | None = None) -> str:
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"a branch environment lives 1 to {MAX_DAYS} days, not {days}")
    moment = (now or datetime.now(UTC)) + timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def tags(stage: str, days: int, now: datetime | None = None) -> list[str]:
    return [f"riskplatform:stage={stage}", f"{EXPIRES_TAG}={expires_at(days, now)}"]


def main(argv: list[str]) -> None:
    match argv:
        case ["stage", branch]:
            print(stage_name(branch))
        case ["overrides", directory, stage]:
            print("\n".join(overrides(Path(directory), stage)))
        case ["tags", stage, days]:
            print("\n".join(tags(stage, int(days))))
        case _:
            sys.exit(__doc__)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except ValueError as error:
        sys.exit(str(error))
