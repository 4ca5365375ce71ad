"""ID numbers: cleaned, checked with python-stdnum, and compared with the record."""

from __future__ import annotations

import ast
import inspect
from datetime import date
from types import ModuleType

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

from liushou_desktop.domain import id_numbers
from liushou_desktop.domain.demo_data import COUNTY_CODES
from liushou_desktop.domain.id_numbers import (
    IdInfo,
    IdNumberStoredAsNumber,
    check_consistency,
    make_id_number,
    mask_id_number,
    normalize_id_number,
    validate_id_number,
)
from liushou_desktop.errors import UserError

TODAY = date(2026, 11, 28)
GIRL = make_id_number("433122", date(2015, 3, 12), 124)  # even sequence: female
BOY = make_id_number("433122", date(2015, 3, 12), 125)
NAYONG = "522426"  # 纳雍县: [-2011] in stdnum's table, now 520525

counties = st.sampled_from(COUNTY_CODES[:12])
birth_dates = st.dates(min_value=date(1950, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)
valid_ids = st.builds(make_id_number, counties, birth_dates, sequences)


def marked_strings(module: ModuleType, context: str) -> set[str]:
    """Literal texts of ``QT_TRANSLATE_NOOP(context, "...")`` calls in a module's source."""
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "QT_TRANSLATE_NOOP":
            ctx, text = (ast.literal_eval(arg) for arg in node.args)
            if ctx == context:
                found.add(text)
    return found


def with_check_digit(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


# --- make / mask stay as they were --------------------------------------------------------


def test_make_and_mask_keep_working() -> None:
    assert make_id_number("360426", date(1991, 1, 1), 7) == "360426199101010071"
    assert mask_id_number("52052620150304123X") == "5205**********123X"
    assert mask_id_number("1234") == "****"


# --- normalising ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "52242620150304012X",
        "52242620150304012x",
        " 522426 20150304 012X ",
        "522426-20150304-012X",
        "522426\u300020150304\u3000012x",  # ideographic spaces
        "５２２４２６２０１５０３０４０１２Ｘ",  # full-width digits and letter
        "５２２４２６２０１５０３０４０１２ｘ",
        "522426–20150304—012X",  # en and em dashes
    ],
)
def test_formatting_variants_normalise_to_one_number(raw: str) -> None:
    assert normalize_id_number(raw) == "52242620150304012X"


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"])
def test_empty_normalises_to_empty(raw: object) -> None:
    assert normalize_id_number(raw) == ""


@given(valid_ids, st.data())
def test_any_formatting_normalises_to_the_same_number(number: str, data: st.DataObject) -> None:
    pieces = []
    for char in number:
        if data.draw(st.booleans()):
            char = chr(ord(char) + 0xFEE0)  # full-width form
        if char in "XＸ" and data.draw(st.booleans()):
            char = char.lower()
        pieces.append(char + data.draw(st.sampled_from(["", "", " ", "\u3000", "-"])))
    assert normalize_id_number(" " + "".join(pieces) + " ") == number


# --- stored as a number -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        520526201503041000,
        5.20526201503041e17,
        "5.20526E+17",
        "5.20526e+17",
        "5.2052620150304E17",
        "５.２０５２６Ｅ＋１７",
        "520526201503041000.0",
    ],
)
def test_ids_stored_as_numbers_are_refused(raw: object) -> None:
    with pytest.raises(IdNumberStoredAsNumber) as caught:
        validate_id_number(raw)
    assert isinstance(caught.value, UserError)
    assert "as text" in str(caught.value)


@given(valid_ids.filter(lambda n: not n.endswith("X")))
def test_any_id_held_as_int_float_or_scientific_text_is_refused(number: str) -> None:
    as_float = float(number)
    for raw in (int(number), as_float, f"{as_float:.5E}", f"{as_float:.13E}".replace("+", "")):
        with pytest.raises(IdNumberStoredAsNumber):
            normalize_id_number(raw)


def test_rounded_ids_can_still_pass_the_checksum() -> None:
    """Why a number cell is refused outright: Excel's rounding is not always detectable."""
    passing = []
    for day in range(1, 29):
        number = make_id_number("433122", date(2012, 5, day), 125)
        if number.endswith("X"):
            continue
        rounded = number[:15] + "000"  # Excel turns digits after the 15th into zeros
        if rounded != number and ric.is_valid(rounded):
            passing.append(rounded)
    assert passing  # such a number would be stored wrong without any error


# --- validating ---------------------------------------------------------------------------


@given(counties, birth_dates, sequences)
def test_every_made_id_validates_and_round_trips(area: str, birth: date, seq: int) -> None:
    info = validate_id_number(make_id_number(area, birth, seq), today=TODAY)
    assert info.birth_date == birth
    assert info.sex == ("M" if seq % 2 else "F")
    assert info.area_code == area
    assert info.place and not info.historical_area
    assert info.number == make_id_number(area, birth, seq)


def test_info_of_a_known_number() -> None:
    info = validate_id_number(GIRL, today=TODAY)
    assert info == IdInfo(number=GIRL, birth_date=date(2015, 3, 12), sex="F", area_code="433122")
    assert (info.place, info.historical_area) == ("湖南省泸溪县", False)
    assert validate_id_number(BOY, today=TODAY).sex == "M"


@given(valid_ids, st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_changing_any_single_character_is_caught(number: str, position: int, new: str) -> None:
    assume(new != number[position] and (new != "X" or position == 17))
    changed = number[:position] + new + number[position + 1 :]
    with pytest.raises(UserError, match="check digit"):
        validate_id_number(changed, today=TODAY)


def test_historical_area_code_is_valid_although_stdnum_validate_rejects_it() -> None:
    number = make_id_number(NAYONG, date(2015, 3, 4), 12)
    with pytest.raises(InvalidComponent):
        ric.validate(number)  # stdnum: 纳雍县's code ended in 2011
    info = validate_id_number(number, today=TODAY)
    assert info.historical_area
    assert info.place == "贵州省纳雍县"
    assert info.birth_date == date(2015, 3, 4)


def test_the_same_county_code_before_it_ended_is_current() -> None:
    number = make_id_number(NAYONG, date(2005, 3, 4), 12)
    assert ric.is_valid(number)
    assert not validate_id_number(number, today=TODAY).historical_area


def test_renamed_county_shows_the_name_of_the_birth_year() -> None:
    # 120110: [-1991]东郊区, [1992-]东丽区
    assert validate_id_number(make_id_number("120110", date(1985, 1, 1), 1)).place == "天津市东郊区"
    assert validate_id_number(make_id_number("120110", date(2001, 1, 1), 1)).place == "天津市东丽区"


@pytest.mark.parametrize(
    ("area", "place"), [("999999", ""), ("529999", "贵州省")], ids=["unknown", "county-unknown"]
)
def test_unknown_area_codes_are_marked_not_refused(area: str, place: str) -> None:
    info = validate_id_number(make_id_number(area, date(2015, 3, 4), 1), today=TODAY)
    assert info.historical_area
    assert info.place == place


FAILURES = {
    "empty": ("", "is empty"),
    "old 15 digits": ("433122150312124", "old 15-digit"),
    "too short": (GIRL[:-2], "has 16 characters"),
    "too long": (GIRL + "1", "has 19 characters"),
    "letters": ("43312220150312A124", "only digits"),
    "X not last": ("4331222015031212X4", "only digits"),
    "check digit": (GIRL[:-1] + ("0" if GIRL[-1] != "0" else "1"), "check digit"),
    "no such day": (with_check_digit("43312220150230124"), "real birth date"),
    "month 13": (with_check_digit("43312220151301124"), "real birth date"),
    "before 1900": (with_check_digit("43312218991231124"), "real birth date"),
    "future": (make_id_number("433122", date(2026, 11, 29), 124), "in the future"),
}


@pytest.mark.parametrize(("raw", "says"), FAILURES.values(), ids=FAILURES.keys())
def test_each_failure_is_explained(raw: str, says: str) -> None:
    with pytest.raises(UserError, match=says) as caught:
        validate_id_number(raw, today=TODAY)
    assert "ID number" in str(caught.value)
    if raw:
        assert normalize_id_number(raw) in str(caught.value)


def test_failures_have_distinct_messages_all_marked_for_translation() -> None:
    messages = {}
    for raw, _ in FAILURES.values():
        with pytest.raises(UserError) as caught:
            validate_id_number(raw, today=TODAY)
        messages[caught.value.message] = raw
    with pytest.raises(IdNumberStoredAsNumber) as caught:
        validate_id_number(5.2e17)
    messages[caught.value.message] = "number"
    assert len(messages) == 8  # empty, 15, length, characters, check, date, future, number
    assert set(messages) <= marked_strings(id_numbers, "UserError")


def test_birth_date_of_today_is_fine() -> None:
    number = make_id_number("433122", TODAY, 1)
    assert validate_id_number(number, today=TODAY).birth_date == TODAY


# --- consistency with the record ----------------------------------------------------------


@pytest.fixture
def girl() -> IdInfo:
    return validate_id_number(GIRL, today=TODAY)


def test_matching_values_are_consistent(girl: IdInfo) -> None:
    assert check_consistency(girl, "F", date(2015, 3, 12)) == []


@pytest.mark.parametrize(
    ("sex", "birth", "empty"),
    [
        (None, None, ["sex", "birth_date"]),
        ("", None, ["sex", "birth_date"]),
        ("F", None, ["birth_date"]),
        (None, date(2015, 3, 12), ["sex"]),
    ],
)
def test_empty_values_are_named_for_the_caller_to_fill(
    girl: IdInfo, sex: str | None, birth: date | None, empty: list[str]
) -> None:
    assert check_consistency(girl, sex, birth) == empty


def test_wrong_sex_is_an_error(girl: IdInfo) -> None:
    with pytest.raises(UserError, match="female's .* entered is male"):
        check_consistency(girl, "M", date(2015, 3, 12))
    boy = validate_id_number(BOY, today=TODAY)
    with pytest.raises(UserError, match="male's .* entered is female"):
        check_consistency(boy, "F", None)


def test_wrong_birth_date_is_an_error(girl: IdInfo) -> None:
    with pytest.raises(UserError, match="birth date 2015-03-13 differs") as caught:
        check_consistency(girl, "F", date(2015, 3, 13))
    assert "2015-03-12" in str(caught.value)


def test_both_wrong_is_one_error_naming_both(girl: IdInfo) -> None:
    with pytest.raises(UserError, match="Both the sex and the birth date"):
        check_consistency(girl, "M", date(2016, 3, 12))


def test_consistency_messages_are_marked_for_translation(girl: IdInfo) -> None:
    boy = validate_id_number(BOY, today=TODAY)
    cases = [(girl, "M", None), (boy, "F", None), (girl, None, date(2015, 1, 1))]
    cases.append((girl, "M", date(2015, 1, 1)))
    messages = set()
    for info, sex, birth in cases:
        with pytest.raises(UserError) as caught:
            check_consistency(info, sex, birth)
        messages.add(caught.value.message)
    assert len(messages) == 4
    assert messages <= marked_strings(id_numbers, "UserError")


def test_a_sex_that_is_not_a_code_is_a_bug(girl: IdInfo) -> None:
    with pytest.raises(ValueError):
        check_consistency(girl, "女", None)
