"""Dagster resources: the export folder, the warehouse and the call classifier.

Secrets and paths come from the environment through EnvVar in definitions.py, never from code.
"""

from __future__ import annotations

import functools
from pathlib import Path

import dagster as dg
from pydantic import Field

from classify.pipeline import CallClassifier
from classify.redact import Redactor
from classify.transcribe import Transcriber, TranscriberSettings, default_model_dir
from extract.export_folder import ExportFolder
from extract.phone_hash import PhoneHasher


class ExportFolderResource(dg.ConfigurableResource):
    """Calls, recordings, customer lists and ad spend from an export folder."""

    path: str = Field(description="Folder holding calls.jsonl, recordings/, customers.csv and ad_spend.csv.")
    hash_key: str = Field(description="Secret key for the HMAC of phone numbers.")
    keep_last4: bool = Field(default=False, description="Keep the last four digits of caller numbers.")

    def open(self) -> ExportFolder:
        return ExportFolder(Path(self.path), PhoneHasher(self.hash_key, keep_last4=self.keep_last4))


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file."""

    path: str = Field(description="Path of the DuckDB file; created on first use.")


class ClassifierResource(dg.ConfigurableResource):
    """The speech, redaction and outcome models, loaded once per process."""

    whisper_model_dir: str = Field(default="", description="CTranslate2 Whisper model folder; empty for tiny.en.")
    whisper_device: str = Field(default="cpu", description="cpu, cuda or auto.")
    whisper_compute_type: str = Field(default="int8", description="CTranslate2 compute type, e.g. int8, float16.")
    whisper_beam_size: int = Field(default=5, description="Beam size for decoding; 1 is greedy and faster.")

    def load(self) -> CallClassifier:
        return load_classifier(
            self.whisper_model_dir, self.whisper_device, self.whisper_compute_type, self.whisper_beam_size
        )


@functools.cache
def load_classifier(model_dir: str, device: str, compute_type: str, beam_size: int) -> CallClassifier:
    """Load the models once per process: Whisper and spaCy take seconds each to load."""
    settings = TranscriberSettings(
        model_dir=Path(model_dir) if model_dir else default_model_dir(),
        device=device,
        compute_type=compute_type,
        beam_size=beam_size,
    )
    return CallClassifier(Transcriber(settings), Redactor())
