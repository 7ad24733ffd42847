"""Decode a recording held in memory into 16 kHz float channels.

Recordings are never written to disk: the bytes come from the provider, are decoded here with PyAV
(FFmpeg), and the arrays are dropped when the call is done.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import av
import numpy as np
from faster_whisper.audio import decode_audio

SAMPLE_RATE = 16_000


class AudioDecodeError(Exception):
    """The recording is empty, corrupt or not audio. The message never contains the recording's bytes."""


@dataclass(frozen=True)
class DecodedAudio:
    """A recording as 16 kHz float32 samples, one array per channel side."""

    # Dual-channel recordings carry the business on the left and the caller on the right.
    business: np.ndarray | None
    caller: np.ndarray | None
    # Mono recordings, or stereo recordings whose two channels are the same signal.
    mixed: np.ndarray | None

    @property
    def is_dual_channel(self) -> bool:
        return self.mixed is None

    @property
    def duration_seconds(self) -> float:
        channel = self.mixed if self.mixed is not None else self.business
        return len(channel) / SAMPLE_RATE


def _count_channels(data: bytes) -> int:
    try:
        with av.open(io.BytesIO(data), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioDecodeError("the file has no audio stream")
            return container.streams.audio[0].codec_context.channels
    except av.FFmpegError as exc:
        # FFmpeg's message names the container format problem, never the payload.
        raise AudioDecodeError(f"the file is not decodable audio ({type(exc).__name__})") from None


def decode_recording(data: bytes) -> DecodedAudio:
    """Decode recording bytes (wav, ogg, flac, mp3; 8 kHz or more; mono or stereo).

    Raises AudioDecodeError when the bytes are empty, corrupt or hold no audio.
    """
    if not data:
        raise AudioDecodeError("the recording is empty (0 bytes)")

    channels = _count_channels(data)
    try:
        if channels >= 2:
            left, right = decode_audio(io.BytesIO(data), sampling_rate=SAMPLE_RATE, split_stereo=True)
        else:
            mixed = decode_audio(io.BytesIO(data), sampling_rate=SAMPLE_RATE)
    except (av.FFmpegError, ValueError) as exc:
        raise AudioDecodeError(f"decoding failed ({type(exc).__name__})") from None

    if channels >= 2:
        if len(left) == 0:
            raise AudioDecodeError("the recording decoded to no samples")
        # A mono call saved as two identical channels carries no side information.
        if np.array_equal(left, right):
            return DecodedAudio(business=None, caller=None, mixed=left)
        return DecodedAudio(business=left, caller=right, mixed=None)

    if len(mixed) == 0:
        raise AudioDecodeError("the recording decoded to no samples")
    return DecodedAudio(business=None, caller=None, mixed=mixed)
