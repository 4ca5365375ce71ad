"""Phone numbers are normalised for storage and printed readably."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liushou_desktop.domain.phones import format_phone, normalize_phone
from liushou_desktop.errors import UserError


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),  # full-width digits
        ("+86 138-1234-5678", "13812345678"),
        ("0566-8125908", "0566-8125908"),
        ("05668125908", "0566-8125908"),
        ("(0566)8125908", "0566-8125908"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("021 87654321", "021-87654321"),
        ("12355", "12355"),
        ("110", "110"),
        ("", ""),
    ],
)
def test_normalize(raw: str, stored: str) -> None:
    assert normalize_phone(raw) == stored


@pytest.mark.parametrize("raw", ["23456", "1381234567", "abc", "138123456789", "8125908"])
def test_invalid_numbers_are_explained(raw: str) -> None:
    with pytest.raises(UserError) as caught:
        normalize_phone(raw)
    assert raw in str(caught.value)


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_mobiles_survive_formatting(mobile: str) -> None:
    printed = format_phone(mobile)
    assert printed.count(" ") == 2
    assert normalize_phone(printed) == mobile
