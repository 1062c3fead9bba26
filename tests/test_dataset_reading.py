"""The dataset on disk is read table by table as used, as compact text columns, and never mixed with a newer state."""
from __future__ import annotations

import pandas as pd
import pytest

from evaluation.data import clean
from evaluation.data.dataset import TEXT, Dataset
from evaluation.errors import EvaluationError
from evaluation.reporting_date import DEFAULT

from conftest import RAW


@pytest.fixture(scope="module")
def built():
    return clean.build(RAW, DEFAULT)


def test_tables_read_on_use_equal_the_built_ones(built, tmp_path):
    folder = built.write(tmp_path / DEFAULT)
    ds = Dataset.read(folder)
    assert dict.__len__(ds.tables) == 0  # nothing read yet
    assert ds.model_areas["model_area"].tolist() == built.model_areas["model_area"].tolist()
    assert dict.keys(ds.tables) == {"model_areas"}  # only what was used
    assert sorted(ds.tables) == sorted(built.tables)
    for name, frame in built.tables.items():
        read = ds.tables[name].copy()
        for column in [c for c in read.columns if read[c].dtype == TEXT]:  # missing text is None when built
            read[column] = read[column].astype(object).where(read[column].notna(), None)
        pd.testing.assert_frame_equal(read, frame, check_dtype=False)
    assert ds.activities["kind"].dtype == TEXT


def test_a_replaced_folder_is_not_mixed_in(built, tmp_path):
    folder = built.write(tmp_path / DEFAULT)
    ds = Dataset.read(folder)
    ds.municipalities  # read before the replacement: stays usable
    built.write(folder)
    (folder / "meta.json").write_text((folder / "meta.json").read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert len(ds.municipalities) == len(built.municipalities)
    with pytest.raises(EvaluationError, match="Datenstand .* wurde inzwischen ersetzt"):
        ds.activities
