"""Cold import time of each function's handler module, as the emulator would load it:
a fresh interpreter (the emulator's, which is the runtime's Python), the built function
code and the built layer on the path. Median of several fresh processes.

Beside each, its floor: the same fresh import of only the kernel modules that the
handler brings in (``riskplatform.*`` with Powertools, pydantic, pymysql, ...), from the
same layer; the difference is what the service's own code and libraries add. One
discarded import first warms the file cache."""

from __future__ import annotations

import json
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_PYTHON = ROOT / ".local/venvs/ministack/bin/python"
RUNS = 5
PROBE = (
    "import time, importlib; t = time.perf_counter(); "
    "[importlib.import_module(m) for m in {modules!r}]; "
    "print(time.perf_counter() - t)"
)
KERNEL_OF = (
    "import importlib, json, sys; importlib.import_module({module!r}); "
    "print(json.dumps(sorted(m for m in sys.modules if m.startswith('riskplatform.'))))"
)


def handlers() -> list[tuple[str, str, Path, Path]]:
    """(service, handler module, function build dir, layer build dir) for every function."""
    import yaml  # from the dev venv (cfn-lint brings it)

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    found = []
    for template in sorted((ROOT / "services").glob("*/template.yaml")):
        build = template.parent / ".aws-sam" / "build"
        resources = yaml.load(template.read_text(), Loader=Loader)["Resources"]
        for name, resource in resources.items():
            if resource["Type"] == "AWS::Serverless::Function":
                module = resource["Properties"]["Handler"].rsplit(".", 1)[0]
                found.append(
                    (template.parent.name, module, build / name, build / "SharedKernel" / "python")
                )
    return found


def run(probe: str, code: Path, layer: Path) -> str:
    env = {"PYTHONPATH": f"{code}:{layer}", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [str(RUNTIME_PYTHON), "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def median_ms(modules: list[str], code: Path, layer: Path) -> float:
    probe = PROBE.format(modules=modules)
    return statistics.median(float(run(probe, code, layer)) for _ in range(RUNS)) * 1000


def main() -> None:
    print(f"\nCold import time per function ({RUNS} fresh interpreters each, median)")
    for service, module, code, layer in handlers():
        if not code.exists():
            print(f"  {service:16} {module:45} not built (run make up)")
            continue
        kernel = json.loads(run(KERNEL_OF.format(module=module), code, layer))  # also warms up
        took, floor = median_ms([module], code, layer), median_ms(kernel, code, layer)
        print(
            f"  {service:16} {module:45} {took:7.1f} ms"
            f"   floor (its kernel modules alone) {floor:6.1f} ms"
        )


if __name__ == "__main__":
    main()
