"""Synthetic people: patients, employees, the physician; never a real person's data.

Names are common Spanish first names and surnames drawn at random, each full name handed out once,
so a patient never shares a name with an employee and tests can tell them apart. Phone numbers are
drawn from the 6xx mobile range.
"""

from __future__ import annotations

import random
import unicodedata

__all__ = ["NameBook", "bank_text", "mobile_phone"]

_WOMEN = (
    "María", "Carmen", "Ana", "Isabel", "Laura", "Lucía", "Marta", "Cristina", "Paula", "Elena",
    "Pilar", "Raquel", "Sara", "Silvia", "Rosa", "Teresa", "Nuria", "Beatriz", "Irene", "Patricia",
    "Alba", "Julia", "Claudia", "Andrea", "Sofía", "Noelia", "Rocío", "Inés", "Lorena", "Mercedes",
    "Eva", "Sonia", "Yolanda", "Montserrat", "Begoña", "Ainhoa", "Natalia", "Verónica", "Olga",
    "Aurora",
)  # fmt: skip
_MEN = (
    "Antonio", "José", "Manuel", "Francisco", "David", "Juan", "Javier", "Daniel", "Carlos",
    "Jesús", "Alejandro", "Miguel", "Rafael", "Pedro", "Pablo", "Ángel", "Sergio", "Fernando",
    "Jorge", "Luis", "Alberto", "Álvaro", "Diego", "Adrián", "Raúl", "Enrique", "Ramón", "Vicente",
    "Andrés", "Iván", "Rubén", "Óscar", "Víctor", "Joaquín", "Santiago", "Eduardo", "Hugo",
    "Marcos", "Ignacio", "Iker",
)  # fmt: skip
_SURNAMES = (
    "García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
    "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
    "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil",
    "Ramírez", "Serrano", "Blanco", "Molina", "Morales", "Suárez", "Ortega", "Delgado", "Castro",
    "Ortiz", "Rubio", "Marín", "Sanz", "Núñez", "Iglesias", "Medina", "Garrido", "Cortés",
    "Castillo", "Santos", "Lozano", "Guerrero", "Cano", "Prieto", "Méndez", "Cruz", "Calvo",
    "Gallego", "Vidal", "León", "Márquez", "Herrera", "Peña", "Flores", "Cabrera", "Campos",
    "Vega", "Fuentes", "Carrasco", "Diez", "Caballero", "Reyes", "Nieto", "Aguilar", "Pascual",
    "Santana", "Herrero", "Lorenzo", "Montero", "Hidalgo", "Giménez", "Ibáñez", "Ferrer", "Durán",
    "Santiago", "Benítez", "Mora", "Vicente", "Vargas", "Arias", "Carmona", "Crespo", "Román",
    "Pastor", "Soto", "Sáez", "Velasco", "Moya", "Soler", "Parra", "Esteban", "Bravo", "Gallardo",
    "Rojas", "Pardo", "Merino", "Franco", "Espinosa", "Izquierdo", "Lara", "Rivas", "Silva",
    "Rivera", "Casado", "Arroyo", "Redondo", "Camacho", "Rey", "Vera", "Otero", "Luque", "Galán",
    "Montes", "Ríos", "Sierra", "Segura", "Carrillo", "Marcos", "Marti", "Soriano", "Mendoza",
)  # fmt: skip


def bank_text(text: str) -> str:
    """``text`` as Spanish banks print it: capitals without accents, Ñ as N.

    >>> bank_text("Begoña Muñoz Ibáñez")
    'BEGONA MUNOZ IBANEZ'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def mobile_phone(rng: random.Random) -> str:
    """A Spanish mobile number, written as Bizum shows it: ``+34 6XX XXX XXX``."""
    digits = f"6{rng.randrange(10**8):08d}"
    return f"+34 {digits[:3]} {digits[3:6]} {digits[6:]}"


class NameBook:
    """Hands out full names, each one once.

    A helper object for one generation run (it remembers what it gave), not shared state.
    """

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._given: set[str] = set()

    def person(self) -> str:
        """A new full name: first name and two surnames."""
        while True:
            first = self._rng.choice(_WOMEN if self._rng.random() < 0.55 else _MEN)  # noqa: PLR2004 - share of women among patients
            name = f"{first} {self._rng.choice(_SURNAMES)} {self._rng.choice(_SURNAMES)}"
            if name not in self._given:
                self._given.add(name)
                return name
