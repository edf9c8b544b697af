"""Cold import time of each function's handler module, as the emulator would load it:
a fresh interpreter (the emulator's, which is the runtime's Python), the built function
code and the built layer on the path. Median of several fresh processes."""

from __future__ import annotations

import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_PYTHON = ROOT / ".local/venvs/ministack/bin/python"
RUNS = 5
PROBE = (
    "import time, importlib; t = time.perf_counter(); importlib.import_module({module!r}); "
    "print(time.perf_counter() - t)"
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


def import_seconds(module: str, code: Path, layer: Path) -> float:
    env = {"PYTHONPATH": f"{code}:{layer}", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [str(RUNTIME_PYTHON), "-c", PROBE.format(module=module)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip())


def main() -> None:
    print(f"\nCold import time per function ({RUNS} fresh interpreters each, median)")
    for service, module, code, layer in handlers():
        if not code.exists():
            print(f"  {service:16} {module:45} not built (run make up)")
            continue
        times = [import_seconds(module, code, layer) for _ in range(RUNS)]
        print(f"  {service:16} {module:45} {statistics.median(times) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
