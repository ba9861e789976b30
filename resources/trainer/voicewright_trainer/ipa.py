"""The IPA symbol inventory 'ipa-espeak-v1' (symbols/ipa-espeak-v1.json, shared with electron/core/text/symbols.ts).

Phoneme strings come from the studio (espeak-ng + the workspace lexicon, in the dataset's phonemes.csv); the trainer
never runs espeak. It only maps each code point of the NFC string to its index in the inventory, as the studio does.
"""
from __future__ import annotations

import json
import os
import unicodedata
from typing import Dict, List, Tuple

_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "symbols", "ipa-espeak-v1.json")

with open(_PATH, "r", encoding="utf-8") as _f:
    _DOC = json.load(_f)

NAME: str = _DOC["name"]
PAD: str = _DOC["pad"]
SYMBOLS: List[str] = list(_DOC["symbols"])
SYMBOL_TO_ID: Dict[str, int] = {s: i for i, s in enumerate(SYMBOLS)}
ESPEAK_VOICES: Dict[str, str] = dict(_DOC["espeakVoices"])
TEXT_FRONTEND = "ipa-espeak"
assert SYMBOLS[0] == PAD and len(SYMBOL_TO_ID) == len(SYMBOLS), "ipa-espeak-v1.json: pad first, no duplicates"


def phonemes_to_ids(phonemes: str) -> Tuple[List[int], List[str]]:
    """NFC, then one id per code point. Returns (ids, unknown symbols); unknown ones (and the pad) get no id."""
    ids: List[int] = []
    unknown: List[str] = []
    for c in unicodedata.normalize("NFC", phonemes):
        i = SYMBOL_TO_ID.get(c)
        if i is None or c == PAD:
            unknown.append(c)
        else:
            ids.append(i)
    return ids, unknown


def ids_to_phonemes(ids) -> str:
    return "".join(SYMBOLS[int(i)] for i in ids if int(i) != 0)


def espeak_voice(language: str) -> str:
    """The espeak-ng voice the studio's G2P selects for a language tag (its first choice; see g2p.ts)."""
    lower = language.lower()
    return ESPEAK_VOICES.get(lower, lower)
