"""Intake validation: ID numbers, phones, money, counts, facts, dates and parties, with the
Chinese message shown next to each field; and the masks used when personal data is shown."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from db import texts
from db.cases.schemas import MAX_AMOUNT_YUAN, CaseCreate, PartyCreate, field_errors
from db.clock import local_today
from db.core.validation import clean_id_number, clean_phone, mask_id_number, mask_phone
from tests.db.factories import gb11643

TODAY = date(2024, 6, 1)
VALID_ID = "11010519491231002X"  # the standard's own example
VALID_ID_DIGIT = gb11643("13052119900307123")  # ends in a digit


def test_the_independent_checksum_agrees_with_the_standards_example() -> None:
    assert gb11643(VALID_ID[:17]) == VALID_ID


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        (VALID_ID, VALID_ID),
        (VALID_ID_DIGIT, VALID_ID_DIGIT),
        (VALID_ID.lower(), VALID_ID),  # lower-case x is accepted and stored upper-case
        ("１１０１０５１９４９１２３１００２Ｘ", VALID_ID),  # full-width digits and letter
        ("１１０１０５１９４９１２３１００２ｘ", VALID_ID),
        (f"  {VALID_ID}  ", VALID_ID),
        ("110105 1949 1231 002X", VALID_ID),
        (gb11643("44052418900101001"), gb11643("44052418900101001")),  # born 1890
    ],
)
def test_valid_id_numbers_are_stored_in_canonical_form(raw: str, stored: str) -> None:
    assert clean_id_number(raw, today=TODAY) == stored


def _wrong_check(valid: str) -> str:
    wrong = "0" if valid[-1] != "0" else "1"
    return valid[:17] + wrong


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (_wrong_check(VALID_ID), texts.V_ID_CHECKSUM),
        (_wrong_check(VALID_ID_DIGIT), texts.V_ID_CHECKSUM),
        (VALID_ID_DIGIT[:17] + "X", texts.V_ID_CHECKSUM),
        (gb11643("13052119900230123"), texts.V_ID_BIRTH),  # 30 February
        (gb11643("13052119901301123"), texts.V_ID_BIRTH),  # month 13
        (gb11643("13052119900100123"), texts.V_ID_BIRTH),  # day 0
        (gb11643("13052120240602123"), texts.V_ID_BIRTH),  # born after "today"
        (gb11643("13052118891231123"), texts.V_ID_BIRTH),  # before 1890
        (VALID_ID[:17], texts.V_ID_FORMAT),  # 17 characters
        (VALID_ID + "1", texts.V_ID_FORMAT),  # 19 characters
        ("110105491231002", texts.V_ID_FORMAT),  # the old 15-digit form
        ("11010519491231002Y", texts.V_ID_FORMAT),
        ("X10105194912310021", texts.V_ID_FORMAT),
        ("", texts.V_ID_FORMAT),
    ],
)
def test_bad_id_numbers_are_refused_with_the_reason(raw: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        clean_id_number(raw, today=TODAY)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("13812345678", "13812345678"),
        ("19912345678", "19912345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-13812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("0311-12345678", "0311-12345678"),
        ("(0311)12345678", "0311-12345678"),
        ("（0311）12345678", "0311-12345678"),
        ("+86 0311-12345678", "0311-12345678"),
        ("010-1234567", "010-1234567"),
        ("0311-12345678-801", "0311-12345678-801"),
    ],
)
def test_valid_phones_are_cleaned(raw: str, stored: str) -> None:
    assert clean_phone(raw) == stored


@pytest.mark.parametrize("spelling", ["031112345678", "0311 12345678", "(0311) 12345678"])
def test_one_landline_written_differently_is_stored_alike(spelling: str) -> None:
    # Duplicate warnings compare stored phones: one number must have one stored form.
    assert clean_phone(spelling) == clean_phone("0311-12345678")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "abc",
        "12812345678",  # mobiles start 13-19
        "10012345678",
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "+8612812345678",
        "86 13812345678",
        "0311-123",
        "311-12345678",  # area code without its 0
        "13812345678x",
    ],
)
def test_bad_phones_are_refused(raw: str) -> None:
    with pytest.raises(ValueError) as refused:
        clean_phone(raw)
    assert str(refused.value) == texts.V_PHONE


def _case(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "category": "neighbour",
        "found_via": "visit",
        "found_on": local_today(),
        "unit_id": 1,
        "facts": "邻里因排水沟发生争执",
        "people_involved": 2,
        "amount_yuan": "0",
        "risk": "low",
        "parties": [{"name": "张三"}],
    }
    data.update(changes)
    return data


def _party(**changes: object) -> dict[str, object]:
    return {"name": "张三", **changes}


def errors_of(data: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationError) as refused:
        CaseCreate.model_validate(data)
    return field_errors(refused.value)


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"amount_yuan": "-0.01"}, "amount_yuan", texts.V_NEGATIVE),
        ({"amount_yuan": "1.005"}, "amount_yuan", texts.V_MONEY_CENTS),
        (
            {"amount_yuan": str(MAX_AMOUNT_YUAN + Decimal("0.01"))},
            "amount_yuan",
            texts.V_TOO_LARGE.format(max=MAX_AMOUNT_YUAN),
        ),
        ({"amount_yuan": "一千"}, "amount_yuan", texts.V_NOT_NUMBER),
        ({"people_involved": -1}, "people_involved", texts.V_NEGATIVE),
        ({"people_involved": 2.5}, "people_involved", texts.V_NOT_INTEGER),
        ({"people_involved": "两"}, "people_involved", texts.V_NOT_INTEGER),
        ({"facts": ""}, "facts", texts.V_REQUIRED),
        ({"facts": "   \n "}, "facts", texts.V_REQUIRED),
        ({"facts": "纠" * 2001}, "facts", texts.V_TOO_LONG.format(max=2000)),
        ({"found_on": local_today() + timedelta(days=1)}, "found_on", texts.V_FUTURE_DATE),
        ({"found_on": "2024-02-30"}, "found_on", texts.V_BAD_DATE),
        ({"category": "feud"}, "category", texts.V_BAD_CHOICE),
        ({"risk": ""}, "risk", texts.V_BAD_CHOICE),
        ({"parties": []}, "parties", texts.V_NO_PARTY),
        ({"parties": [_party(name="  ")]}, "parties.0.name", texts.V_REQUIRED),
        (
            {"parties": [_party(), _party(id_number=_wrong_check(VALID_ID))]},
            "parties.1.id_number",
            texts.V_ID_CHECKSUM,
        ),
        (
            {"parties": [_party(id_number=gb11643("13052119900230123"))]},
            "parties.0.id_number",
            texts.V_ID_BIRTH,
        ),
        ({"parties": [_party(id_number="12345")]}, "parties.0.id_number", texts.V_ID_FORMAT),
        ({"parties": [_party(phone="12345")]}, "parties.0.phone", texts.V_PHONE),
    ],
)
def test_refused_fields_get_their_chinese_message(
    changes: dict[str, object], path: str, message: str
) -> None:
    assert errors_of(_case(**changes)) == {path: message}


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity"])
def test_amounts_that_are_not_numbers_are_refused(amount: str) -> None:
    assert set(errors_of(_case(amount_yuan=amount))) == {"amount_yuan"}


def test_missing_fields_are_each_reported_as_required() -> None:
    found = errors_of({"parties": [{}]})
    for path in ("category", "found_via", "found_on", "unit_id", "facts", "risk"):
        assert found[path] == texts.V_REQUIRED
    assert found["parties.0.name"] == texts.V_REQUIRED


def test_too_many_parties_are_refused_in_words_about_parties() -> None:
    message = errors_of(_case(parties=[_party()] * 21))["parties"]
    assert "20" in message
    # V_TOO_LONG speaks of characters (字), which makes no sense for a list of people.
    assert "字" not in message


def test_several_bad_fields_are_reported_together() -> None:
    found = errors_of(
        _case(
            facts="",
            amount_yuan="-5",
            parties=[_party(), _party(id_number="110105194912310021", phone="999")],
        )
    )
    assert found == {
        "facts": texts.V_REQUIRED,
        "amount_yuan": texts.V_NEGATIVE,
        "parties.1.id_number": texts.V_ID_CHECKSUM,
        "parties.1.phone": texts.V_PHONE,
    }


@pytest.mark.parametrize(
    ("changes", "field", "value"),
    [
        ({"amount_yuan": MAX_AMOUNT_YUAN}, "amount_fen", int(MAX_AMOUNT_YUAN) * 100),
        ({"amount_yuan": "0.1"}, "amount_fen", 10),
        ({"amount_yuan": "1234.56"}, "amount_fen", 123456),
        ({"people_involved": 0}, "people_involved", 0),
        ({"facts": "纠" * 2000}, "facts", "纠" * 2000),
        ({"facts": "  有空格  "}, "facts", "有空格"),
        ({"found_on": local_today()}, "found_on", local_today()),
    ],
)
def test_values_at_the_limits_are_accepted(
    changes: dict[str, object], field: str, value: object
) -> None:
    assert getattr(CaseCreate.model_validate(_case(**changes)), field) == value


def test_a_party_form_normalises_identifiers_and_blanks() -> None:
    party = PartyCreate.model_validate(
        {
            "name": " 王五 ",
            "id_number": VALID_ID.lower(),
            "phone": "（0311）12345678",
            "address": "   ",
        }
    )
    assert (party.name, party.id_number, party.phone, party.address) == (
        "王五",
        VALID_ID,
        "0311-12345678",
        None,
    )


@pytest.mark.parametrize("blank", ["", "   ", "　", None])
def test_blank_identifiers_are_stored_as_none(blank: str | None) -> None:
    party = PartyCreate.model_validate({"name": "王五", "id_number": blank, "phone": blank})
    assert (party.id_number, party.phone) == (None, None)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13052119900307123X", "130***********123X"),
        ("110105194912310021", "110***********0021"),
        ("", ""),
        (None, ""),
    ],
)
def test_id_numbers_are_masked_but_for_region_and_last_four(value: str | None, masked: str) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("0311-12345678", "0311-****5678"),
        ("010-1234567", "010-***4567"),
        ("", ""),
        (None, ""),
    ],
)
def test_phones_are_masked_but_for_prefix_and_last_four(value: str | None, masked: str) -> None:
    assert mask_phone(value) == masked


def test_a_masked_id_number_hides_the_birth_date() -> None:
    masked = mask_id_number(VALID_ID)
    assert len(masked) == len(VALID_ID)
    assert "19491231" not in masked and "4912" not in masked
