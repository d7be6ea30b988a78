"""Fixtures shared by the training tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def small_wikineural(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data directory holding a WikiNEuRal file of 30 invented sentences ("NomN visite VilleN ."),
    5 of them kept apart for selection; returns the directory."""
    from streams.entities.training import french_data

    folder = tmp_path / "wikineural_fr"
    folder.mkdir()
    lines = []
    for n in range(30):
        rows = [(f"Nom{n}", "B-PER"), ("visite", "O"), (f"Ville{n}", "B-LOC"), (".", "O")]
        lines += [f"{k}\t{token}\t{tag}" for k, (token, tag) in enumerate(rows)] + [""]
    (folder / "val.conllu").write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setattr(french_data, "WIKINEURAL_KEPT", 5)
    return tmp_path
