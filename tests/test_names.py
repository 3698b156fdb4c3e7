import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conciliacion.matchers.names import name_score, normalise_name

SAME = [
    ("GARCIA LOPEZ, MARIA", "María García López"),
    ("GARCÍA LÓPEZ MARÍA", "Maria Garcia Lopez"),
    ("GARCIA LOPEZ, M.", "María García López"),
    ("DE LA FUENTE RUIZ, JOSE M", "José Manuel Fuente Ruiz"),
    ("FERNANDEZ GOMEZ MARIA DEL CA", "María del Carmen Fernández Gómez"),
    ("MUÑOZ, ANA", "Ana Muñoz Pérez"),
    ("o'donnell, sean", "Sean O'Donnell"),
]
DIFFERENT = [
    ("PEREZ SANCHEZ, JUAN", "María García López"),
    ("GARCIA LOPEZ, PEDRO", "Ana Ruiz Gil"),
    ("RUIZ, ANA", "Antonio Díaz Gómez"),
]


@pytest.mark.parametrize(("insurer", "clinic"), SAME)
def test_the_same_person_written_differently(insurer, clinic):
    assert name_score(insurer, clinic) >= 90


@pytest.mark.parametrize(("insurer", "clinic"), DIFFERENT)
def test_different_people(insurer, clinic):
    assert name_score(insurer, clinic) < 70


def test_normalise_turns_surnames_first_round():
    assert normalise_name("López García, José") == normalise_name("JOSE LOPEZ GARCIA")


def test_empty_names_score_zero():
    assert name_score("", "María") == 0
    assert name_score(" , ", "María") == 0


words = st.text(alphabet="ABCDEFGHIJKLMNÑOPQRSTUVWXYZÁÉÍÓÚáéíóú ,.-'", max_size=30)


@settings(max_examples=200, deadline=None)
@given(words, words)
def test_scores_are_bounded_and_a_name_matches_itself(first, second):
    score = name_score(first, second)
    assert 0 <= score <= 100
    if normalise_name(first):
        assert name_score(first, first) == 100
