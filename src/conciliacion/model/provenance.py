"""Where a value came from, so that every figure can be traced back to a line of an input file."""

from __future__ import annotations

import attrs

__all__ = ["Source"]


@attrs.frozen
class Source:
    """The place in an input file a value was read from.

    Attributes:
        file: the file's path as the user knows it (relative to the practice folder when inside it).
        line: 1-based line or spreadsheet row; 0 for values that come from the whole file.
        raw: the raw record where it helps a person check the value; ``None`` for records that hold
            health data (a patient's name must not travel further than needed), and for bank
            movements, of which a large statement has hundreds of thousands (the file and line
            suffice to find the record).
    """

    file: str = attrs.field(validator=attrs.validators.instance_of(str))
    line: int = attrs.field(validator=[attrs.validators.instance_of(int), attrs.validators.ge(0)])
    raw: str | None = attrs.field(default=None, eq=False, repr=False)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"
