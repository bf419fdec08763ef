"""Verification codes, without Flask or a database."""
from __future__ import annotations

import math
import re

from app.certificates import codes

SHORT = re.compile(r"SCA-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")


def test_long_codes_carry_at_least_80_bits_from_the_alphabet():
    code = codes.new_code()
    assert len(code) == 20 and set(code) <= set(codes.ALPHABET)
    assert codes.CODE_BITS == len(code) * math.log2(len(codes.ALPHABET)) >= 80


def test_long_codes_use_the_system_random_source(monkeypatch):
    requested = []

    def randbits(bits):
        requested.append(bits)
        return 2 ** bits - 1
    assert codes.new_code(randbits) == "Z" * 20
    assert requested == [100]


def test_ten_thousand_codes_are_all_different():
    assert len({codes.new_code() for _ in range(10_000)}) == 10_000


def test_short_codes_are_typable_and_carry_a_valid_check_character():
    short = codes.new_short_code()
    assert SHORT.fullmatch(short)
    assert codes.normalise_short(short) == short


def test_short_codes_leave_out_the_ambiguous_letters():
    assert not set("ILOU") & set(codes.ALPHABET)


def test_typing_in_lower_case_without_dashes_finds_the_code():
    short = codes.format_short("7K2M9QX" + codes.check_character("7K2M9QX"))
    typed = short.lower().replace("-", " ")
    assert codes.normalise_short(typed) == short
    assert codes.normalise_short(short.replace("SCA-", "")) == short


def test_letters_o_i_l_typed_for_digits_are_read_as_0_and_1():
    payload = "1007K2M"
    short = codes.format_short(payload + codes.check_character(payload))
    assert short.startswith("SCA-1007-")
    assert codes.normalise_short("sca-lOo7-" + short[9:].lower()) == short


def test_one_mistyped_character_is_caught_by_the_check_character():
    payload = "7K2M9QX"
    good = payload + codes.check_character(payload)
    for position in range(len(good)):
        for char in codes.ALPHABET:
            if char != good[position]:
                typo = good[:position] + char + good[position + 1:]
                assert codes.normalise_short(typo) is None, typo


def test_two_swapped_neighbours_are_caught_by_the_check_character():
    payload = "7K2M9QX"
    good = payload + codes.check_character(payload)
    for position in range(len(good) - 1):
        if good[position] != good[position + 1]:
            swapped = good[:position] + good[position + 1] + good[position] + good[position + 2:]
            assert codes.normalise_short(swapped) is None, swapped


def test_parse_tells_long_and_short_codes_apart_and_refuses_others():
    code = codes.new_code()
    short = codes.new_short_code()
    assert codes.parse(code.lower()) == ("code", code)
    assert codes.parse(short) == ("short_code", short)
    assert codes.parse("SCA-1234") is None
    assert codes.parse("../../etc/passwd") is None
