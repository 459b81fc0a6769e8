"""The Python example of the repository's README runs and prints what the
README says it prints (its trailing comment lines), as `tests/readme.rs`
and `tests/library_surface.rs` do for the command line and the library."""

import contextlib
import io
import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def python_blocks(text):
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_python_example_prints_what_it_says():
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    assert blocks, "README.md has no ```python block"
    for block in blocks:
        lines = block.rstrip("\n").split("\n")
        expected = []
        while lines and lines[-1].startswith("# "):
            expected.insert(0, lines.pop()[2:])
        assert expected, f"no expected output after:\n{block}"
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile("\n".join(lines), str(README), "exec"), {})
        assert out.getvalue().splitlines() == expected
