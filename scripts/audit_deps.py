"""Check every version pinned in requirements.lock against PyPI's advisories.

Runs pip-audit on the lock file (no resolution: the pins are what is tested
and shipped) and says in one block what it found:

- a known vulnerability: each package, advisory and fixed version, and how to
  move past it; exit 1;
- packages the advisory service could not answer for (offline, or a PyPI
  mirror without the per-release JSON endpoint): how many were not checked;
  exit 1 only with AUDIT_STRICT=1, since nothing is known to be wrong;
- otherwise one line, exit 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

LOCK = "requirements.lock"


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    strict = os.environ.get("AUDIT_STRICT", "") not in ("", "0")
    pip_audit = Path(sys.executable).with_name("pip-audit")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        cmd = [
            str(pip_audit), "-r", LOCK, "--no-deps", "--disable-pip", "-s", "pypi",
            "--progress-spinner", "off", "--desc", "off", "-f", "json", "-o", str(report),
        ]  # fmt: skip
        proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=False)
        data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else None
    if data is None:
        tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
        print(f"dependency audit: pip-audit did not finish (exit {proc.returncode}):\n{tail}")
        return 1 if strict else _not_checked_hint()

    deps = data["dependencies"]
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if "skip_reason" in d]
    if vulnerable:
        count = sum(len(d["vulns"]) for d in vulnerable)
        print(f"dependency audit FAILED: {count} known vulnerabilities in {LOCK}:")
        for dep in vulnerable:
            for vuln in dep["vulns"]:
                ids = ", ".join([vuln["id"], *vuln.get("aliases", [])])
                fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed release yet"
                print(f"  {dep['name']}=={dep['version']}: {ids}; fixed in {fixed}")
        print(
            "Raise the package's lower bound in pyproject.toml to a fixed release (a direct "
            "dependency) or re-pin it (a transitive one), then run `make lock`."
        )
        return 1
    audited = len(deps) - len(skipped)
    if skipped:
        print(
            f"dependency audit: {len(skipped)} of {len(deps)} locked packages NOT checked; "
            f"pip-audit says: {skipped[0]['skip_reason']}"
        )
        if audited:
            print(f"dependency audit: the other {audited}: no known vulnerabilities")
        return 1 if strict else _not_checked_hint()
    print(f"dependency audit: {audited} locked packages, no known vulnerabilities (PyPI)")
    return 0


def _not_checked_hint() -> int:
    print(
        "dependency audit: PyPI's advisories could not be read here; set AUDIT_STRICT=1 "
        "to make this fail, or run `make audit` where pypi.org answers."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
