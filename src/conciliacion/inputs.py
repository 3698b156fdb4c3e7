"""Everything under a practice's ``entrada/``, read into model values in one pass.

A month's results depend on all the inputs of the practice, not only the month's files: services of
earlier months stay open until a later settlement pays them, and statements overlap. So every run
reads every input; a malformed file stops the run here, before anything is written. Paths in the
values are relative to the practice, so results do not depend on where the folder lives.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

import attrs

from conciliacion.config import PracticeConfig
from conciliacion.import_cache import ImportCache, user_key
from conciliacion.importers.activity import ActivityImport, read_activity
from conciliacion.importers.bank_csv import profile_from_table
from conciliacion.importers.base import FormatWarning, ImportResult, StatementImporter
from conciliacion.importers.detect import default_importers, identify_importer
from conciliacion.importers.fee_schedules import (
    FeeScheduleImport,
    check_overlaps,
    read_fee_schedules,
)
from conciliacion.importers.invoices import InvoiceImport, read_invoices
from conciliacion.importers.overlap import MergeResult, merge_statements
from conciliacion.importers.settlements import SettlementImport, merge_settlements, read_settlements
from conciliacion.model import (
    FeeScheduleEntry,
    Incident,
    Invoice,
    Service,
    Settlement,
    Statement,
)
from conciliacion.practice import INPUT_KINDS, Practice

__all__ = ["PracticeInputs", "read_inputs", "read_practice_inputs"]

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


def _statements(values: Iterable[Statement]) -> tuple[Statement, ...]:
    return tuple(values)


def _warnings(values: Iterable[FormatWarning]) -> tuple[FormatWarning, ...]:
    return tuple(values)


def _services(values: Iterable[Service]) -> tuple[Service, ...]:
    return tuple(values)


def _settlements(values: Iterable[Settlement]) -> tuple[Settlement, ...]:
    return tuple(values)


def _entries(values: Iterable[FeeScheduleEntry]) -> tuple[FeeScheduleEntry, ...]:
    return tuple(values)


def _invoices(values: Iterable[Invoice]) -> tuple[Invoice, ...]:
    return tuple(values)


def _incidents(values: Iterable[Incident]) -> tuple[Incident, ...]:
    return tuple(values)


@attrs.frozen
class PracticeInputs:
    """All the inputs of a practice.

    Attributes:
        statements: every statement of every bank file, as read.
        merged: the statements merged per account: each movement once, gaps found.
        warnings: the format deviations accepted while reading bank files.
        services: the activity, all files.
        settlements: the insurers' settlements, each once.
        fee_schedule: the fee schedule entries, checked for overlaps.
        invoices: the received invoices.
        incidents: what the importers found that needs a person.
        files: how many files of each kind were read.
        repeated: files left out because they repeat another's content: (file, the one read).
        digests: the SHA-256 of each file read, by its name in the practice: what a record is
            follows from its file's bytes and its line, which is how kept results are keyed.
    """

    statements: tuple[Statement, ...] = attrs.field(converter=_statements)
    merged: MergeResult
    warnings: tuple[FormatWarning, ...] = attrs.field(converter=_warnings)
    services: tuple[Service, ...] = attrs.field(converter=_services)
    settlements: tuple[Settlement, ...] = attrs.field(converter=_settlements)
    fee_schedule: tuple[FeeScheduleEntry, ...] = attrs.field(converter=_entries)
    invoices: tuple[Invoice, ...] = attrs.field(converter=_invoices)
    incidents: tuple[Incident, ...] = attrs.field(converter=_incidents)
    files: dict[str, int]
    repeated: tuple[tuple[str, str], ...] = ()
    digests: Mapping[str, str] = attrs.field(factory=dict)


def _bank_account_for(path: Path, practice: Practice, config: PracticeConfig) -> str | None:
    """The account of a bank export that does not say which account it is.

    With one account there is no doubt; with several, the file must sit in a subfolder of
    ``entrada/banco/`` named after the account (its ``nombre`` or the last four digits of the IBAN).
    """
    if len(config.accounts) == 1:
        return config.accounts[0].iban
    folder = path.parent
    if folder == practice.input_dir("banco"):
        return None
    name = folder.name.casefold()
    for account in config.accounts:
        if name in {account.name.casefold(), account.iban[-4:], account.short_name.casefold()}:
            return account.iban
    return None


T = TypeVar("T")


def _cached(  # noqa: PLR0913 - the file, what it is, and how to parse it
    cache: ImportCache | None,
    kind: str,
    relative: str,
    digest: str,
    *,
    expected: type[T],
    parse: Callable[[], T],
) -> T:
    """What the file yields: kept from an earlier run when its bytes are the same, else parsed."""
    if cache is not None:
        kept = cache.get(kind, relative, digest)
        if isinstance(kept, expected):
            return kept
    value = parse()
    if cache is not None:
        cache.put(kind, relative, digest, value)
    return value


def _read_statement(
    relative: Path, data: bytes, importers: tuple[StatementImporter, ...]
) -> ImportResult:
    return identify_importer(relative, data, importers).read(relative, data)


def _unique_files(
    practice: Practice, digests: dict[str, str]
) -> tuple[dict[str, list[tuple[Path, bytes]]], tuple[tuple[str, str], ...]]:
    """Every input file with its bytes, each content once, by kind.

    A file dropped twice under another name (a statement downloaded again, a copy in a subfolder)
    is recognised by its SHA-256 and read once: its records would otherwise count twice.
    Returns the files to read and the pairs (file left out, file it repeats); ``digests`` gets
    the SHA-256 of each file to read.
    """
    unique: dict[str, list[tuple[Path, bytes]]] = {}
    repeated: list[tuple[str, str]] = []
    for kind in INPUT_KINDS:
        seen: dict[str, Path] = {}
        unique[kind] = []
        for path in practice.input_files(kind):
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen:
                repeated.append((practice.relative(path), practice.relative(seen[digest])))
                logger.warning("%s: igual que %s; se lee una sola vez", *repeated[-1])
                continue
            seen[digest] = path
            digests[practice.relative(path)] = digest
            unique[kind].append((path, data))
    return unique, tuple(repeated)


def _read_bank(  # noqa: PLR0913 - the practice, its files and digests, and the cache
    practice: Practice,
    config: PracticeConfig,
    progress: Progress,
    unique_files: dict[str, list[tuple[Path, bytes]]],
    *,
    digests: Mapping[str, str],
    cache: ImportCache | None,
) -> tuple[list[Statement], list[FormatWarning]]:
    profiles = tuple(
        profile_from_table(table, f"perfiles_banco[{index}]")
        for index, table in enumerate(config.bank_profiles, start=1)
    )
    importers: dict[str | None, tuple[StatementImporter, ...]] = {}
    statements: list[Statement] = []
    warnings: list[FormatWarning] = []
    files = unique_files.get("banco", [])
    for done, (path, data) in enumerate(files, start=1):
        account = _bank_account_for(path, practice, config)
        if account not in importers:
            importers[account] = default_importers(profiles, account)
        relative = Path(practice.relative(path))
        name = relative.as_posix()
        chosen = importers[account]
        result = _cached(
            cache, "banco", name, digests[name], expected=ImportResult,
            parse=functools.partial(_read_statement, relative, data, chosen),
        )  # fmt: skip
        statements.extend(result.statements)
        warnings.extend(result.warnings)
        progress("extractos", done, len(files))
    return statements, warnings


def read_inputs(
    practice: Practice,
    config: PracticeConfig,
    progress: Progress | None = None,
    cache: ImportCache | None = None,
) -> PracticeInputs:
    """Read every input file of the practice; the first malformed one raises its FormatError.

    With a ``cache``, a file read before with the same bytes, name and configuration is not
    parsed again, and after a complete reading the entries of files no longer there are dropped.
    """
    report: Progress = progress or (lambda _stage, _done, _total: None)
    digests: dict[str, str] = {}
    unique, repeated = _unique_files(practice, digests)
    statements, warnings = _read_bank(
        practice, config, report, unique, digests=digests, cache=cache
    )
    incidents: list[Incident] = []

    services: list[Service] = []
    for path, data in unique["actividad"]:
        name = practice.relative(path)
        activity = _cached(
            cache, "actividad", name, digests[name], expected=ActivityImport,
            parse=functools.partial(read_activity, name, data, config),
        )  # fmt: skip
        services.extend(activity.services)
        incidents.extend(activity.incidents)

    entries: list[FeeScheduleEntry] = []
    for path, data in unique["baremos"]:
        name = practice.relative(path)
        fees = _cached(
            cache, "baremos", name, digests[name], expected=FeeScheduleImport,
            parse=functools.partial(read_fee_schedules, name, data, config),
        )  # fmt: skip
        entries.extend(fees.entries)
        incidents.extend(fees.incidents)
    check_overlaps(entries)

    settlement_files = unique["liquidaciones"]
    imports: list[SettlementImport] = []
    for done, (path, data) in enumerate(settlement_files, start=1):
        name = practice.relative(path)
        settlement = _cached(
            cache, "liquidaciones", name, digests[name], expected=SettlementImport,
            parse=functools.partial(read_settlements, name, data, config),
        )  # fmt: skip
        imports.append(settlement)
        report("liquidaciones", done, len(settlement_files))
    settlements = merge_settlements(imports)
    incidents.extend(settlements.incidents)

    invoices: list[Invoice] = []
    for path, data in unique["facturas"]:
        name = practice.relative(path)
        read = _cached(
            cache, "facturas", name, digests[name], expected=InvoiceImport,
            parse=functools.partial(read_invoices, name, data, config),
        )  # fmt: skip
        invoices.extend(read.invoices)
        incidents.extend(read.incidents)

    files = {kind: len(unique[kind]) for kind in INPUT_KINDS}
    logger.info("entradas leídas: %s", files)
    if cache is not None:
        cache.prune()
    return PracticeInputs(
        statements=statements,
        merged=merge_statements(statements),
        warnings=warnings,
        services=services,
        settlements=settlements.settlements,
        fee_schedule=entries,
        invoices=invoices,
        incidents=incidents,
        files=files,
        repeated=repeated,
        digests=digests,
    )


def read_practice_inputs(
    practice: Practice, config: PracticeConfig, progress: Progress | None = None
) -> PracticeInputs:
    """:func:`read_inputs` with the practice's import cache, as every command reads a practice."""
    cache = ImportCache(practice.root, practice.config_path.read_bytes(), user_key())
    return read_inputs(practice, config, progress, cache)
