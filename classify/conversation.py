"""What a conversation classifier is: the step that decides the calls the rules leave open."""

from __future__ import annotations

from typing import Protocol

from classify import local_classifier
from classify.outcomes import Decision
from classify.transcribe import Transcript


class ConversationClassifier(Protocol):
    # Names the classifier and everything that shapes its decisions. It is stored with each outcome.
    version: str

    def classify_conversation(self, transcript: Transcript) -> Decision:
        """Decide the outcome of a redacted conversation, with a verbatim evidence span."""
        ...


class LocalConversationClassifier:
    """The offline phrase-cue classifier, the default."""

    version = f"{local_classifier.NAME}@{local_classifier.VERSION}"

    def classify_conversation(self, transcript: Transcript) -> Decision:
        return local_classifier.classify_conversation(transcript)
