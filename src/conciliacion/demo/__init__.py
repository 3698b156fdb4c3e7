"""A synthetic practice to try the program on and to score it against.

:func:`generate_demo` writes the inputs of a practice over several months, in the formats and
folders a user would, and returns the :class:`GroundTruth`: what each bank movement pays and what
really happened to each service. Everything in it is invented: names, NIFs, IBANs.
"""

from conciliacion.demo.generate import generate_demo
from conciliacion.demo.truth import (
    GroundTruth,
    MovementKey,
    MovementTruth,
    ServiceOutcome,
    ServiceTruth,
)

__all__ = [
    "GroundTruth",
    "MovementKey",
    "MovementTruth",
    "ServiceOutcome",
    "ServiceTruth",
    "generate_demo",
]
