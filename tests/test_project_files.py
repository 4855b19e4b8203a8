"""Which files belong to a project, and what happens when one cannot be read."""

from __future__ import annotations

import os
from pathlib import Path

from compiler.cli import main
from dsl.project import load_project, project_files

DIMENSION = """dimension people {
  source people
  key id
  id: integer
}
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / "dims.camp").write_text(DIMENSION, encoding="utf-8")
    return tmp_path


def test_hidden_files_links_to_nowhere_and_pipes_are_not_part_of_the_project(tmp_path):
    root = _project(tmp_path)
    (root / ".#dims.camp").symlink_to("someone@laptop.4242:1764860000")  # an Emacs lock
    (root / "._dims.camp").write_bytes(b"\x00\x05\x16\x07")             # a macOS copy
    (root / "loop.camp").symlink_to("loop.camp")
    os.mkfifo(root / "pipe.camp")
    (root / "folder.camp").mkdir()

    assert [p.name for p in project_files(root)] == ["dims.camp"]
    assert main(["check", str(root)]) == 0


def test_an_unreadable_file_is_e101_at_its_first_line(tmp_path, monkeypatch, capsys):
    root = _project(tmp_path)
    (root / "secret.camp").write_text("campaign \"x\" { target people }", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(path):
        if path.name == "secret.camp":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    project = load_project([str(root)])

    [problem] = [d for d in project.diagnostics if d.code == "E101"]
    assert problem.message == "cannot read this file: Permission denied"
    assert (problem.span.file.endswith("secret.camp"), problem.span.line,
            problem.span.column) == (True, 1, 1)
    assert main(["check", str(root)]) == 1
