"""The built wheel carries the ontology, the saved queries and the reference data.

The wheel is installed into a fresh virtual environment (its dependencies borrowed from the
test environment, so that nothing is downloaded twice) and run from a folder outside the
checkout, so that nothing can be found by accident beside the source tree.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """Return the python of a fresh venv with only the samverkan wheel installed into it."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(work / "dist"),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = (work / "dist").glob("samverkan-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Borrow the test environment's dependencies (read-only) instead of downloading them.
    Path(site, "_borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    return python


def run(python: Path, code: str, cwd: Path) -> str:
    result = subprocess.run([str(python), "-c", code], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_wheel_finds_its_ontology_inside_the_installed_package(installed, tmp_path):
    path = run(
        installed,
        "from graph.resources import ontology_file; print(ontology_file('samverkan.ttl'))",
        tmp_path,
    )
    assert "site-packages" in path and Path(path).is_file()


def test_the_wheel_carries_all_290_municipalities(installed, tmp_path):
    count = run(
        installed,
        "from graph.reference import municipalities; print(len(municipalities()))",
        tmp_path,
    )
    assert count == "290"


def test_the_wheel_parses_its_process_scheme(installed, tmp_path):
    slugs = run(
        installed,
        "from graph.ontology import processes; print(sorted(p.slug for p in processes()))",
        tmp_path,
    )
    assert "meroppet" in slugs


def test_the_wheel_installs_the_samverkan_command(installed, tmp_path):
    command = installed.parent / "samverkan"
    result = subprocess.run([str(command), "--help"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "ingest" in result.stdout
