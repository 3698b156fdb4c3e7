import pytest

from bank_scoring import demo_inputs, score


@pytest.mark.parametrize(("seed", "form"), [(11, "autonomo"), (12, "SL")])
def test_reconciliation_on_the_demo_truth(tmp_path, seed, form):
    truth, inputs, config = demo_inputs(
        tmp_path / "demo", seed=seed, months=3, services_per_month=150, form=form
    )
    result = score(truth, inputs, config)
    assert result.movements == len(truth.movements)
    assert result.precision >= 0.999, result.wrong
    assert result.automatic_rate >= 0.97
