from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest

from classify.audio import SAMPLE_RATE, AudioDecodeError, decode_recording

RECORDINGS = Path(__file__).resolve().parents[1] / "extract" / "samples" / "export" / "recordings"


def wav_bytes(channels: list[np.ndarray], rate: int) -> bytes:
    frames = np.stack(channels, axis=1) if len(channels) > 1 else channels[0][:, None]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as handle:
        handle.setnchannels(len(channels))
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes((frames * 20000).astype("<i2").tobytes())
    return buffer.getvalue()


def tone(rate: int, seconds: float, hertz: float) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return np.sin(2 * np.pi * hertz * t)


@pytest.mark.parametrize("rate", [8000, 16000, 44100])
def test_mono_wav_resampled_to_16k(rate):
    audio = decode_recording(wav_bytes([tone(rate, 1.0, 440)], rate))

    assert not audio.is_dual_channel
    assert abs(len(audio.mixed) - SAMPLE_RATE) < 200


def test_stereo_split_into_sides():
    left, right = tone(8000, 1.0, 440), np.zeros(8000)

    audio = decode_recording(wav_bytes([left, right], 8000))

    assert audio.is_dual_channel
    assert np.abs(audio.business).max() > 0.3
    assert np.abs(audio.caller).max() < 0.01


def test_identical_stereo_channels_treated_as_mono():
    signal = tone(8000, 1.0, 440)

    audio = decode_recording(wav_bytes([signal, signal], 8000))

    assert not audio.is_dual_channel


def test_committed_ogg_recordings_decode():
    paths = sorted(RECORDINGS.glob("*.ogg"))
    assert paths, "the sample export has no recordings"

    kinds = {decode_recording(p.read_bytes()).is_dual_channel for p in paths}

    assert kinds == {True, False}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (
            b'<?xml version="1.0"?><TwilioResponse><RestException><Status>404</Status>'
            b"</RestException></TwilioResponse>",
            "not decodable",
        ),
        (b"\x00" * 2048, "not decodable"),
        (b"OggS" + b"\x17" * 500, "not decodable"),
    ],
)
def test_bad_recording_raises_clear_error(data, message):
    with pytest.raises(AudioDecodeError, match=message):
        decode_recording(data)


def test_truncated_wav_still_decodes_or_raises_clearly():
    data = wav_bytes([tone(8000, 1.0, 440)], 8000)[:600]

    try:
        audio = decode_recording(data)
    except AudioDecodeError:
        return
    assert audio.duration_seconds < 0.1
