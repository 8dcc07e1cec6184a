"""scripts/install_browser.sh on a brand-new machine: Node.js and npm come from Debian's packages when absent."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "install_browser.sh"
MISSING = {"node", "nodejs", "npm", "npx", "apt-get", "apt-cache", "sudo"}

FAKE_APT_GET = """#!/bin/sh
echo "apt-get $* DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-}" >> "$CALLS"
case " $* " in
  *" install "*npm*)
    printf '#!/bin/sh\\necho "npm $*" >> "$CALLS"\\n' > "$FAKE_BIN/npm"
    printf '#!/bin/sh\\necho 4.10.0\\n' > "$FAKE_BIN/node"
    chmod +x "$FAKE_BIN/npm" "$FAKE_BIN/node" ;;
esac
"""
FAKE_APT_CACHE = """#!/bin/sh
echo "apt-cache $*" >> "$CALLS"
exit 100
"""


def _copy_of_the_repo_part(tmp_path: Path) -> Path:
    """The script with the package files, elsewhere: npm never touches the checkout's node_modules."""
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy2(SCRIPT, repo / "scripts" / SCRIPT.name)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, repo / name)
    return repo


def _system_without_node(tmp_path: Path) -> Path:
    """A PATH folder with every system command except Node.js, npm, apt and sudo."""
    system = tmp_path / "system-bin"
    system.mkdir()
    for folder in ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"):
        if not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            target = system / entry.name
            if entry.name not in MISSING and not target.exists() and os.access(entry.path, os.X_OK):
                target.symlink_to(entry.path)
    return system


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="the fake run keeps the real Chromium")
def test_installs_nodejs_and_npm_from_debian_when_npm_is_missing(tmp_path):
    repo = _copy_of_the_repo_part(tmp_path)
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    (fake / "apt-get").write_text(FAKE_APT_GET)
    (fake / "apt-cache").write_text(FAKE_APT_CACHE)
    for tool in ("apt-get", "apt-cache"):
        (fake / tool).chmod(0o755)
    calls = tmp_path / "calls.log"
    environment = {"HOME": str(tmp_path), "CALLS": str(calls), "FAKE_BIN": str(fake),
                   "PATH": f"{fake}:{_system_without_node(tmp_path)}"}
    assert subprocess.run(["bash", "-c", "command -v npm"], env=environment).returncode != 0

    result = subprocess.run(["bash", str(repo / "scripts" / SCRIPT.name)], env=environment,
                            capture_output=True, text=True, timeout=120)
    # The fake npm installs nothing, so the script ends at its own check for axe-core.
    recorded = calls.read_text().splitlines()
    assert "Node.js or npm is missing" in result.stdout, result.stdout + result.stderr
    apt_get = [line for line in recorded if line.startswith("apt-get")]
    assert apt_get == [
        "apt-get update -qq DEBIAN_FRONTEND=noninteractive",
        "apt-get install -y -qq --no-install-recommends nodejs npm DEBIAN_FRONTEND=noninteractive",
    ], recorded
    assert "npm ci --no-audit --no-fund --loglevel=error" in recorded


@pytest.mark.skipif(shutil.which("npm") is None or not Path("/usr/bin/chromium").exists(),
                    reason="the real run needs this machine's npm and Chromium")
def test_the_real_script_passes_on_this_machine(tmp_path):
    repo = _copy_of_the_repo_part(tmp_path)
    result = subprocess.run(["bash", str(repo / "scripts" / SCRIPT.name)], capture_output=True, text=True,
                            timeout=600, env={**os.environ, "HOME": os.environ.get("HOME", str(tmp_path))})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Chromium" in result.stdout and "axe-core 4." in result.stdout, result.stdout
    assert (repo / "node_modules" / "axe-core" / "axe.min.js").is_file()
    again = subprocess.run(["bash", str(repo / "scripts" / SCRIPT.name)], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "Node.js or npm is missing" not in again.stdout
