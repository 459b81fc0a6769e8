"""The type stubs (yongquan/_yongquan.pyi) agree with the native module:
mypy's stubtest, when mypy is installed."""

import subprocess
import sys

import pytest


def test_stubs_match_the_module():
    pytest.importorskip("mypy.stubtest", reason="mypy is not installed (pip install mypy)")
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "yongquan"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
