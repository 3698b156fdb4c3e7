"""Files already imported are taken from the signed cache, never from an entry someone planted."""

import os
import pickle
from pathlib import Path

import pytest

from conciliacion.demo import generate_demo
from conciliacion.import_cache import CACHE_FOLDER, ImportCache, user_key
from conciliacion.inputs import read_inputs
from conciliacion.practice import Practice


@pytest.fixture(scope="module")
def practice(tmp_path_factory) -> Practice:
    folder = tmp_path_factory.mktemp("cache") / "demo"
    generate_demo(folder, seed=3, start="2026-05", months=2, services_per_month=60)
    return Practice(folder)


@pytest.fixture
def key(tmp_path: Path) -> bytes:
    found = user_key(tmp_path / "config")
    assert found is not None
    return found


def cache_for(practice: Practice, key: bytes | None) -> ImportCache:
    return ImportCache(practice.root, practice.config_path.read_bytes(), key)


def entries(practice: Practice) -> list[Path]:
    folder = practice.root / CACHE_FOLDER
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_a_second_reading_parses_nothing_and_gives_the_same_inputs(practice, key, monkeypatch):
    config = practice.load_config()
    first = read_inputs(practice, config, cache=cache_for(practice, key))
    assert len(entries(practice)) == sum(first.files.values())

    def refuse(*_args, **_kwargs):
        raise AssertionError

    for name in ("read_activity", "read_settlements", "read_invoices", "read_fee_schedules"):
        monkeypatch.setattr(f"conciliacion.inputs.{name}", refuse)
    monkeypatch.setattr("conciliacion.inputs.identify_importer", refuse)
    assert read_inputs(practice, config, cache=cache_for(practice, key)) == first


def test_an_altered_or_foreign_entry_is_ignored_and_the_file_parsed(practice, key, tmp_path):
    config = practice.load_config()
    expected = read_inputs(practice, config)
    read_inputs(practice, config, cache=cache_for(practice, key))
    victim = entries(practice)[0]
    blob = bytearray(victim.read_bytes())
    blob[-1] ^= 0xFF
    victim.write_bytes(bytes(blob))
    other = user_key(tmp_path / "someone-else")
    assert read_inputs(practice, config, cache=cache_for(practice, other)) == expected
    assert read_inputs(practice, config, cache=cache_for(practice, key)) == expected


def test_entries_a_crash_left_empty_or_cut_short_are_parsed_again(practice, key):
    """Entries are not flushed to disk (they only save time): after a crash one may be empty or
    cut short, and it must count as missing."""
    config = practice.load_config()
    expected = read_inputs(practice, config)
    read_inputs(practice, config, cache=cache_for(practice, key))
    for number, entry in enumerate(entries(practice)):
        blob = entry.read_bytes()
        entry.write_bytes(b"" if number % 2 else blob[: len(blob) // 2])
    assert read_inputs(practice, config, cache=cache_for(practice, key)) == expected
    assert read_inputs(practice, config, cache=cache_for(practice, key)) == expected


def test_a_planted_pickle_never_runs(practice, key, tmp_path):
    """An entry that would run a command when unpickled is rejected by its signature first."""
    config = practice.load_config()
    read_inputs(practice, config, cache=cache_for(practice, key))
    marker = tmp_path / "ejecutado"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    for entry in entries(practice):
        entry.write_bytes(b"\0" * 32 + pickle.dumps(Payload()))
    read_inputs(practice, config, cache=cache_for(practice, key))
    assert not marker.exists()


def test_a_changed_file_is_parsed_again_and_stale_entries_are_dropped(practice, key):
    config = practice.load_config()
    read_inputs(practice, config, cache=cache_for(practice, key))
    before = set(entries(practice))
    invoices = min((practice.root / "entrada" / "facturas").glob("*.csv"))
    original = invoices.read_bytes()
    lines = original.decode("utf-8-sig").splitlines(keepends=True)
    try:
        invoices.write_bytes("".join(lines[:-1]).encode("utf-8"))
        changed = read_inputs(practice, config, cache=cache_for(practice, key))
        assert changed == read_inputs(practice, config)
        after = set(entries(practice))
        assert len(after) == len(before)
        assert len(after - before) == 1
    finally:
        invoices.write_bytes(original)


def test_without_a_key_nothing_is_kept(practice):
    config = practice.load_config()
    folder = practice.root / CACHE_FOLDER
    for entry in entries(practice):
        entry.unlink()
    read_inputs(practice, config, cache=cache_for(practice, None))
    assert not folder.exists() or entries(practice) == []
