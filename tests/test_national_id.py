"""R20: the national identity number validator."""

import datetime

import pytest

from ansvarsgruppe.rules import RuleViolation
from ansvarsgruppe.rules import national_id as nid
from ansvarsgruppe.tests.idnumbers import make

TODAY = datetime.date(2026, 11, 23)


def parse(value, **kwargs):
	return nid.parse(value, today=TODAY, **kwargs)


def test_r20_valid_fodselsnummer_gives_birth_date():
	number = make("150386", 123)
	result = parse(number)
	assert result.kind == nid.FODSELSNUMMER
	assert result.birth_date == datetime.date(1986, 3, 15)
	assert not result.synthetic


def test_r20_known_published_example_is_valid():
	# python-stdnum's documented example number
	assert parse("15108695088").birth_date == datetime.date(1986, 10, 15)


def test_r20_child_born_after_2000():
	number = make("010115", 500)
	assert parse(number).birth_date == datetime.date(2015, 1, 1)


def test_r20_wrong_check_digit_is_refused():
	number = make("150386", 123)
	wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
	with pytest.raises(RuleViolation, match="check digit"):
		parse(wrong)
	wrong_first = number[:-2] + str((int(number[-2]) + 1) % 10) + number[-1]
	with pytest.raises(RuleViolation, match="check digit"):
		parse(wrong_first)


def test_r20_impossible_date_is_refused():
	with pytest.raises(RuleViolation, match="real birth date"):
		parse(make("310286", 123))  # 31 February
	with pytest.raises(RuleViolation, match="real birth date"):
		parse(make("011386", 123))  # month 13


def test_r20_future_birth_date_is_refused():
	with pytest.raises(RuleViolation, match="future"):
		parse(make("010130", 600))  # 2030


def test_r20_d_number_day_plus_40():
	result = parse(make("550386", 123))
	assert result.kind == nid.D_NUMBER
	assert result.birth_date == datetime.date(1986, 3, 15)


def test_r20_h_number_month_plus_40():
	result = parse(make("154386", 123))
	assert result.kind == nid.H_NUMBER
	assert result.birth_date == datetime.date(1986, 3, 15)


def test_r20_synthetic_month_plus_80_only_in_test_mode():
	number = make("158386", 123)
	with pytest.raises(RuleViolation, match="test mode"):
		parse(number)
	result = parse(number, allow_synthetic=True)
	assert result.synthetic
	assert result.birth_date == datetime.date(1986, 3, 15)


def test_r20_synthetic_d_number_in_test_mode():
	result = parse(make("558386", 123), allow_synthetic=True)
	assert result.synthetic and result.kind == nid.D_NUMBER


@pytest.mark.parametrize("value", ["1503861234a", "15038612 3x", "abcdefghijk", "١٥٠٣٨٦١٢٣٤٥"])
def test_r20_non_digits_are_refused(value):
	with pytest.raises(RuleViolation, match="only contain digits"):
		parse(value)


@pytest.mark.parametrize("value", ["", "1503861", "150386123456", "1"])
def test_r20_wrong_length_is_refused(value):
	with pytest.raises(RuleViolation, match="11 digits"):
		parse(value)


def test_r20_whitespace_and_separators_are_accepted():
	number = make("150386", 123)
	for written in (
		f" {number} ",
		f"{number[:6]} {number[6:]}",
		f"{number[:6]}-{number[6:]}",
		f"{number[:2]}.{number[2:4]}.{number[4:]}",
	):
		assert parse(written).number == number


def test_r20_gender_is_never_derived():
	result = parse(make("150386", 123))
	assert not any("gender" in name or "sex" in name for name in vars(result))
	assert not any("gender" in name for name in dir(nid))
