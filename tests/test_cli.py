from __future__ import annotations

import pytest

from orchestration.cli import main


@pytest.fixture(autouse=True)
def restore_export_dir(monkeypatch):
    # The command sets CALL_OUTCOMES_EXPORT_DIR from --export-dir; monkeypatch restores it afterwards.
    monkeypatch.delenv("CALL_OUTCOMES_EXPORT_DIR", raising=False)


def test_nightly_rejects_missing_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CALL_OUTCOMES_HASH_KEY", "k")

    code = main(["nightly", "--export-dir", str(tmp_path / "absent"), "--date", "2026-11-02"])

    assert code == 2
    assert "absent not found" in capsys.readouterr().err


def test_nightly_rejects_folder_without_calls(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CALL_OUTCOMES_HASH_KEY", "k")

    code = main(["nightly", "--export-dir", str(tmp_path), "--date", "2026-11-02"])

    assert code == 2
    assert "calls.jsonl is missing" in capsys.readouterr().err


def test_nightly_requires_hash_key(tmp_path, monkeypatch, capsys):
    (tmp_path / "calls.jsonl").write_text("")
    monkeypatch.delenv("CALL_OUTCOMES_HASH_KEY", raising=False)

    code = main(["nightly", "--export-dir", str(tmp_path), "--date", "2026-11-02"])

    assert code == 2
    assert "CALL_OUTCOMES_HASH_KEY is not set" in capsys.readouterr().err


def test_nightly_rejects_invalid_date(capsys):
    with pytest.raises(SystemExit):
        main(["nightly", "--date", "2026-13-02"])

    assert "invalid date '2026-13-02'" in capsys.readouterr().err
