"""Atomic writes: the file is the whole new content, or the old one untouched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conciliacion.files import atomic_write_pieces


def test_pieces_are_written_whole_empty_ones_included(tmp_path):
    pieces = ["" for _ in range(3000)] + ["año\n", *[f"{n}\n" for n in range(5000)]]
    target = tmp_path / "out.txt"
    atomic_write_pieces(target, pieces)
    assert target.read_bytes() == "".join(pieces).encode("utf-8")


def test_a_failure_among_the_pieces_leaves_the_old_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("viejo", encoding="utf-8")

    def pieces() -> Iterator[str]:
        yield from ("x" for _ in range(5000))
        raise RuntimeError

    with pytest.raises(RuntimeError):
        atomic_write_pieces(target, pieces())
    assert target.read_text(encoding="utf-8") == "viejo"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
