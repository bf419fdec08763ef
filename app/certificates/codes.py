"""Verification codes of certificates: pure functions, no database.

`code` is the unguessable key of the check page: 20 Crockford base-32 characters, 100 bits from
`secrets`. `short_code` is what people type from paper: "SCA-XXXX-XXXX", seven random characters
and a Luhn mod-32 check character, so a mistyped character or two swapped neighbours (but 0/Z)
are caught before any lookup. Crockford's alphabet leaves out I, L, O and U; reading accepts lower case,
spaces, dashes, and I/L/O typed for 1/1/0.
"""
from __future__ import annotations

import re
import secrets
from typing import Callable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20  # 20 × 5 = 100 bits
CODE_BITS = CODE_LENGTH * 5
SHORT_PREFIX = "SCA"
SHORT_RANDOM_LENGTH = 7  # + 1 check character
SHORT_BITS = SHORT_RANDOM_LENGTH * 5

_VALUES = {char: value for value, char in enumerate(ALPHABET)}
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
_SEPARATORS = re.compile(r"[\s\-_.]+")

RandBits = Callable[[int], int]


def encode(number: int, length: int) -> str:
    """`number` as `length` Crockford base-32 characters, most significant first."""
    chars = []
    for _ in range(length):
        number, value = divmod(number, 32)
        chars.append(ALPHABET[value])
    if number:
        raise ValueError("number does not fit")
    return "".join(reversed(chars))


def new_code(randbits: RandBits = secrets.randbits) -> str:
    return encode(randbits(CODE_BITS), CODE_LENGTH)


def check_character(payload: str) -> str:
    """Luhn mod N (N = 32) over the payload: catches any single wrong character and any swap of
    two adjacent different characters except 0 ↔ Z."""
    factor, total = 2, 0
    for char in reversed(payload):
        addend = factor * _VALUES[char]
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return ALPHABET[(32 - total % 32) % 32]


def new_short_code(randbits: RandBits = secrets.randbits) -> str:
    payload = encode(randbits(SHORT_BITS), SHORT_RANDOM_LENGTH)
    return format_short(payload + check_character(payload))


def format_short(chars: str) -> str:
    """"ABCD1234" → "SCA-ABCD-1234"."""
    return f"{SHORT_PREFIX}-{chars[:4]}-{chars[4:]}"


def _canonical(text: str) -> str:
    return _SEPARATORS.sub("", text or "").upper().translate(_READ_AS)


def normalise_short(text: str) -> str | None:
    """What someone typed, as the stored short code; None when it cannot be one (wrong length,
    a character outside the alphabet, or a failed check character)."""
    chars = _SEPARATORS.sub("", text or "").upper()
    if len(chars) == len(SHORT_PREFIX) + SHORT_RANDOM_LENGTH + 1 and chars.startswith(SHORT_PREFIX):
        chars = chars[len(SHORT_PREFIX):]
    chars = chars.translate(_READ_AS)
    if len(chars) != SHORT_RANDOM_LENGTH + 1 or any(c not in _VALUES for c in chars):
        return None
    if check_character(chars[:-1]) != chars[-1]:
        return None
    return format_short(chars)


def normalise_code(text: str) -> str | None:
    """A long code as stored, or None."""
    chars = _canonical(text)
    if len(chars) != CODE_LENGTH or any(c not in _VALUES for c in chars):
        return None
    return chars


def parse(text: str) -> tuple[str, str] | None:
    """("code", value) or ("short_code", value) for whatever form was given; None for neither."""
    code = normalise_code(text)
    if code is not None:
        return "code", code
    short = normalise_short(text)
    if short is not None:
        return "short_code", short
    return None
