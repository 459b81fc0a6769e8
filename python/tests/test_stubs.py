"""The type stubs (yongquan/_yongquan.pyi) agree with the native module:
mypy's stubtest, when mypy is installed."""

import subprocess
import sys

import pytest


def test_stubs_match_the_module(tmp_path):
    pytest.importorskip("mypy.stubtest", reason="mypy is not installed (pip install mypy)")
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "yongquan"],
        capture_output=True,
        text=True,
        check=False,
        # Not next to a source tree, whose `yongquan/` has no native module.
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout + run.stderr
