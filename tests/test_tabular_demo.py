"""The demo generator's tabular inputs are read by the importers, each recognised by its header."""

from conciliacion.config import load_config
from conciliacion.demo.generate import generate_demo
from conciliacion.importers.activity import read_activity
from conciliacion.importers.columns import InputKind
from conciliacion.importers.fee_schedules import check_overlaps, read_fee_schedules
from conciliacion.importers.input_profiles import available_profiles
from conciliacion.importers.invoices import read_invoices
from conciliacion.importers.settlements import merge_settlements, read_settlements
from conciliacion.importers.tabular_detect import detect_input_kind
from conciliacion.model import IncidentKind

READERS = {
    InputKind.ACTIVITY: read_activity,
    InputKind.SETTLEMENTS: read_settlements,
    InputKind.FEE_SCHEDULES: read_fee_schedules,
    InputKind.INVOICES: read_invoices,
}


def test_every_generated_input_is_read(tmp_path):
    folder = tmp_path / "demo"
    generate_demo(folder, months=2, services_per_month=40)
    config = load_config(folder / "conciliacion.toml")
    profiles = available_profiles(config)
    results = {kind: [] for kind in InputKind}
    for path in sorted((folder / "entrada").rglob("*")):
        if not path.is_file() or path.parent.name == "banco":
            continue
        data = path.read_bytes()
        detected = detect_input_kind(path, data, profiles)
        assert detected is not None, path
        kind, profile = detected
        assert kind.value == path.parent.name
        result = READERS[kind](path, data, config, profile)
        assert not [i for i in result.incidents if i.kind is IncidentKind.UNKNOWN_INSURER]
        results[kind].append(result)
    assert all(results.values())
    activity_files = sorted((folder / "entrada" / "actividad").glob("*.csv"))
    merged = merge_settlements(results[InputKind.SETTLEMENTS])
    assert merged.settlements
    check_overlaps([entry for r in results[InputKind.FEE_SCHEDULES] for entry in r.entries])
    lines = sum(len(p.read_text(encoding="utf-8-sig").splitlines()) - 1 for p in activity_files)
    assert sum(len(r.services) for r in results[InputKind.ACTIVITY]) == lines
