from decimal import Decimal

import pytest

from core import measures


def test_a_registered_measure_is_found_by_code_and_listed():
    @measures.measure("tests.example", label="示例", unit="%")
    def example(schools, school_year):
        return {school: measures.MeasureValue(Decimal("1")) for school in schools}

    try:
        found = measures.get_measure("tests.example")
        assert found.label == "示例"
        assert found.compute([7], None) == {7: measures.MeasureValue(Decimal("1"))}
        assert "tests.example" in [m.code for m in measures.all_measures()]
        # Registering the same function again (a module imported twice) is harmless ...
        measures.measure("tests.example", label="示例")(example)
        # ... but a second function under the same code is a programming error.
        with pytest.raises(ValueError):
            measures.measure("tests.example", label="示例")(lambda schools, year: {})
    finally:
        measures._measures.pop("tests.example", None)


def test_an_unknown_measure_is_a_lookup_error():
    with pytest.raises(LookupError):
        measures.get_measure("no.such.measure")
