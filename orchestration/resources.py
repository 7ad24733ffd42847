"""Dagster resources: the export folder, the warehouse and the call classifier.

Secrets and paths come from the environment through EnvVar in definitions.py, never from code.
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
from pydantic import Field

from classify.conversation import LocalConversationClassifier
from classify.openai_classifier import OpenAIConversationClassifier, OpenAISettings
from classify.pipeline import CallClassifier
from classify.redact import Redactor
from classify.speech_models import SpeechModel, SpeechModelError, from_folder, speech_model, whisper_tiny_en
from classify.transcribe import Transcriber, TranscriberSettings
from extract.export_folder import ExportFolder
from extract.phone_hash import PhoneHasher

logger = logging.getLogger(__name__)

# Whisper base transcribes again the calls that tiny.en leaves without a booking cue.
SECOND_PASS_DEFAULT = "base"


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
    """The speech, redaction and outcome models, loaded once per process.

    With `llm_model` set, conversations are decided by that model on an OpenAI-compatible endpoint
    (OpenAI, Azure OpenAI, vLLM, Ollama); otherwise by the offline local classifier.
    """

    whisper_model_dir: str = Field(default="", description="CTranslate2 Whisper model folder; empty for tiny.en.")
    whisper_device: str = Field(default="cpu", description="cpu, cuda or auto.")
    whisper_compute_type: str = Field(default="int8", description="CTranslate2 compute type, e.g. int8, float16.")
    whisper_beam_size: int = Field(default=5, description="Beam size for decoding; 1 is greedy and faster.")
    second_pass_model: str = Field(
        default=SECOND_PASS_DEFAULT,
        description="Whisper model that transcribes again a conversation left without a booking cue: "
        "'base' (installed with the project), a CTranslate2 model folder, 'off', or 'tiny.en' when the first "
        "model is another one.",
    )
    llm_model: str = Field(default="", description="Model name on the endpoint; empty for the local classifier.")
    llm_base_url: str = Field(default="", description="OpenAI-compatible base URL; empty for api.openai.com.")
    llm_api_key: str = Field(default="", description="API key of the endpoint; local servers may need none.")
    llm_timeout_seconds: float = Field(default=60.0, description="Seconds to wait for one answer.")
    llm_max_attempts: int = Field(default=4, description="Attempts per call on 429, 5xx and timeouts.")

    def load(self) -> CallClassifier:
        return load_classifier(
            ClassifierSettings(
                whisper_model_dir=self.whisper_model_dir,
                whisper_device=self.whisper_device,
                whisper_compute_type=self.whisper_compute_type,
                whisper_beam_size=self.whisper_beam_size,
                second_pass_model=self.second_pass_model,
                llm_model=self.llm_model,
                llm_base_url=self.llm_base_url,
                llm_api_key=self.llm_api_key,
                llm_timeout_seconds=self.llm_timeout_seconds,
                llm_max_attempts=self.llm_max_attempts,
            )
        )


@dataclass(frozen=True)
class ClassifierSettings:
    whisper_model_dir: str = ""
    whisper_device: str = "cpu"
    whisper_compute_type: str = "int8"
    whisper_beam_size: int = 5
    second_pass_model: str = SECOND_PASS_DEFAULT
    llm_model: str = ""
    llm_base_url: str = ""
    llm_api_key: str = field(default="", repr=False)
    llm_timeout_seconds: float = 60.0
    llm_max_attempts: int = 4

    @classmethod
    def from_env(cls) -> ClassifierSettings:
        """Read the CALL_OUTCOMES_WHISPER_* and CALL_OUTCOMES_LLM_* variables; see definitions.py."""
        env = os.environ
        return cls(
            whisper_model_dir=env.get("CALL_OUTCOMES_WHISPER_MODEL_DIR", ""),
            whisper_device=env.get("CALL_OUTCOMES_WHISPER_DEVICE", "cpu"),
            whisper_compute_type=env.get("CALL_OUTCOMES_WHISPER_COMPUTE_TYPE", "int8"),
            whisper_beam_size=_env_number("CALL_OUTCOMES_WHISPER_BEAM_SIZE", 5, int),
            second_pass_model=env.get("CALL_OUTCOMES_SECOND_PASS_MODEL") or SECOND_PASS_DEFAULT,
            llm_model=env.get("CALL_OUTCOMES_LLM_MODEL", ""),
            llm_base_url=env.get("CALL_OUTCOMES_LLM_BASE_URL", ""),
            llm_api_key=env.get("CALL_OUTCOMES_LLM_API_KEY") or env.get("OPENAI_API_KEY", ""),
            llm_timeout_seconds=_env_number("CALL_OUTCOMES_LLM_TIMEOUT_SECONDS", 60.0, float),
            llm_max_attempts=_env_number("CALL_OUTCOMES_LLM_MAX_ATTEMPTS", 4, int),
        )

    def speech_models(self) -> tuple[SpeechModel, SpeechModel | None]:
        """Return the first and second-pass Whisper models, the second None when off or a language model decides.

        Loads nothing and only checks that the files exist, so a configuration can be checked before a run.
        """
        try:
            first = from_folder(Path(self.whisper_model_dir)) if self.whisper_model_dir else whisper_tiny_en()
        except SpeechModelError as exc:
            raise SpeechModelError(f"CALL_OUTCOMES_WHISPER_MODEL_DIR={self.whisper_model_dir!r}: {exc}") from None
        if self.second_pass_model.strip().lower() == "off":
            return first, None
        try:
            second = speech_model(self.second_pass_model)
        except SpeechModelError as exc:
            raise SpeechModelError(
                f"CALL_OUTCOMES_SECOND_PASS_MODEL={self.second_pass_model!r}: {exc}; "
                "set it to base, tiny.en, a CTranslate2 model folder or off"
            ) from None
        if second.name == first.name:
            # The same model would write the same transcript again, and transcribed_by could not tell them apart.
            raise SpeechModelError(
                f"CALL_OUTCOMES_SECOND_PASS_MODEL={self.second_pass_model!r} is the model of the first pass; "
                "set it to a different model or off"
            )
        if self.llm_model:
            # The second pass runs when the local classifier finds no cue. A language model reports no such
            # signal, and sending it a second transcript of every call it labels not booked would double
            # its cost on those calls.
            # TODO: a second pass for the language model, once it reports its confidence in a label.
            return first, None
        return first, second


def _env_number(name: str, default, kind):
    text = os.environ.get(name, "")
    if not text:
        return default
    try:
        return kind(text)
    except ValueError:
        raise ValueError(f"{name}={text!r} is not a valid {kind.__name__}") from None


@functools.cache
def load_classifier(settings: ClassifierSettings) -> CallClassifier:
    """Load the models once per process: Whisper and spaCy take seconds each to load."""
    first_model, second_model = settings.speech_models()
    if settings.llm_model and settings.second_pass_model.strip().lower() != "off":
        logger.info("no second pass: %s decides conversations from the first transcript", settings.llm_model)
    conversation = None
    if settings.llm_model:
        conversation = OpenAIConversationClassifier(
            OpenAISettings(
                model=settings.llm_model,
                base_url=settings.llm_base_url or None,
                api_key=settings.llm_api_key,
                timeout_seconds=settings.llm_timeout_seconds,
                max_attempts=settings.llm_max_attempts,
            ),
            fallback=LocalConversationClassifier(),
        )
    return CallClassifier(
        _load_transcriber(first_model, settings),
        Redactor(),
        conversation,
        second_pass=_load_transcriber(second_model, settings) if second_model is not None else None,
    )


def _load_transcriber(model: SpeechModel, settings: ClassifierSettings) -> Transcriber:
    return Transcriber(
        TranscriberSettings(
            model=model,
            device=settings.whisper_device,
            compute_type=settings.whisper_compute_type,
            beam_size=settings.whisper_beam_size,
        )
    )
