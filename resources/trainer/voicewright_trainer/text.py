"""Text → symbol ids: NVIDIA Tacotron2's English symbol set (text/symbols.py) and an english_cleaners equivalent;
plus which symbol list each text frontend uses (the IPA inventory lives in ipa.py) and voice.json's "text" entry.

The id order is NVIDIA's exactly, so their public checkpoints and ours share an embedding table:
[_pad] + list(_special) + list(_punctuation) + list(_letters) + ['@' + ARPAbet] — 148 symbols, pad = 0.
Mirrors electron/core/text/symbols.ts (TACOTRON2_ENGLISH).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Dict, List, Tuple

from . import ipa

PAD = "_"
_SPECIAL = "-"
_PUNCTUATION = "!'(),.:;? "
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

# NVIDIA/tacotron2 text/cmudict.py valid_symbols, in that order (84).
CMUDICT_SYMBOLS = [
    "AA", "AA0", "AA1", "AA2", "AE", "AE0", "AE1", "AE2", "AH", "AH0", "AH1", "AH2",
    "AO", "AO0", "AO1", "AO2", "AW", "AW0", "AW1", "AW2", "AY", "AY0", "AY1", "AY2",
    "B", "CH", "D", "DH", "EH", "EH0", "EH1", "EH2", "ER", "ER0", "ER1", "ER2", "EY",
    "EY0", "EY1", "EY2", "F", "G", "HH", "IH", "IH0", "IH1", "IH2", "IY", "IY0", "IY1",
    "IY2", "JH", "K", "L", "M", "N", "NG", "OW", "OW0", "OW1", "OW2", "OY", "OY0",
    "OY1", "OY2", "P", "R", "S", "SH", "T", "TH", "UH", "UH0", "UH1", "UH2", "UW",
    "UW0", "UW1", "UW2", "V", "W", "Y", "Z", "ZH",
]

SYMBOLS: List[str] = [PAD] + list(_SPECIAL) + list(_PUNCTUATION) + list(_LETTERS) + ["@" + s for s in CMUDICT_SYMBOLS]
SYMBOL_TO_ID = {s: i for i, s in enumerate(SYMBOLS)}
assert len(SYMBOLS) == 148 and len(SYMBOL_TO_ID) == 148

# The names dataset.json may use for this set (the studio writes 'nvidia-tacotron2-english').
SYMBOL_SET_NAMES = ("nvidia-tacotron2-english", "nvidia-tacotron2")
TEXT_FRONTEND = "nvidia-english"

_CURLY = re.compile(r"(.*?)\{(.+?)\}(.*)", re.S)
_WHITESPACE = re.compile(r"\s+")

# NVIDIA text/cleaners.py _abbreviations.
_ABBREVIATIONS = [(re.compile(r"\b%s\." % a, re.IGNORECASE), b) for a, b in [
    ("mrs", "misess"), ("mr", "mister"), ("dr", "doctor"), ("st", "saint"), ("co", "company"),
    ("jr", "junior"), ("maj", "major"), ("gen", "general"), ("drs", "doctors"), ("rev", "reverend"),
    ("lt", "lieutenant"), ("hon", "honorable"), ("sgt", "sergeant"), ("capt", "captain"),
    ("esq", "esquire"), ("ltd", "limited"), ("col", "colonel"), ("ft", "fort"),
]]


def to_ascii(text: str) -> str:
    """unidecode's job for the common case: strip accents (é → e); other non-ASCII is left for the id mapper to report."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def english_cleaners(text: str) -> str:
    """NVIDIA's english_cleaners without number expansion (the dataset's normalized column has numbers spelled out):
    ASCII, lowercase, abbreviations expanded, whitespace collapsed."""
    text = to_ascii(text).lower()
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    return _WHITESPACE.sub(" ", text)


def text_to_ids(text: str, clean: bool = True) -> Tuple[List[int], List[str]]:
    """NVIDIA text_to_sequence: text in {…} is ARPAbet (each phone → '@PHONE'). Returns (ids, unknown symbols).

    Unknown symbols are dropped like NVIDIA does, but returned so the caller can report them."""
    ids: List[int] = []
    unknown: List[str] = []

    def chars(chunk: str) -> None:
        for c in chunk:
            i = SYMBOL_TO_ID.get(c)
            if i is None or c == PAD:
                unknown.append(c)
            else:
                ids.append(i)

    rest = text
    while rest:
        m = _CURLY.match(rest)
        if not m:
            chars(english_cleaners(rest) if clean else rest)
            break
        chars(english_cleaners(m.group(1)) if clean else m.group(1))
        for phone in m.group(2).split():
            i = SYMBOL_TO_ID.get("@" + phone)
            if i is None:
                unknown.append("{%s}" % phone)
            else:
                ids.append(i)
        rest = m.group(3)
    return ids, unknown


def ids_to_text(ids) -> str:
    out = []
    for i in ids:
        s = SYMBOLS[int(i)]
        out.append("{%s}" % s[1:] if s.startswith("@") else s)
    return "".join(out).replace("}{", " ")


def frontend_symbols(frontend: str, symbol_set: str) -> List[str]:
    """The symbol list of a dataset's (textFrontend, symbolSet); ValueError with what this trainer reads otherwise."""
    if frontend == TEXT_FRONTEND:
        if symbol_set not in SYMBOL_SET_NAMES:
            raise ValueError(f"symbol set {symbol_set!r} does not belong to text frontend {frontend!r} (its sets: {', '.join(SYMBOL_SET_NAMES)})")
        return SYMBOLS
    if frontend == ipa.TEXT_FRONTEND:
        if symbol_set != ipa.NAME:
            raise ValueError(f"symbol set {symbol_set!r} does not belong to text frontend {frontend!r} (its set: {ipa.NAME})")
        return ipa.SYMBOLS
    raise ValueError(f"text frontend {frontend!r} is unknown; this trainer reads {TEXT_FRONTEND!r} and {ipa.TEXT_FRONTEND!r}")


def voice_text(symbols: List[str], language: str) -> Dict[str, Any]:
    """voice.json's "text": the frontend is the one whose symbol list the model was trained with. An IPA voice also
    names the espeak-ng voice, so the engine phonemizes as the studio did for the dataset."""
    if list(symbols) == ipa.SYMBOLS:
        return {"frontend": ipa.TEXT_FRONTEND, "symbolSet": ipa.NAME, "padId": 0, "symbols": list(symbols),
                "language": language, "espeakVoice": ipa.espeak_voice(language)}
    return {"frontend": TEXT_FRONTEND, "symbolSet": SYMBOL_SET_NAMES[0], "padId": 0, "symbols": list(symbols)}
