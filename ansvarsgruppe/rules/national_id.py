"""R20: Norwegian national identity numbers (fødselsnummer, D-number, H-number).

Eleven digits, both check digits right, a real birth date. Synthetic test numbers (Skatteetaten's
test population, month + 80) are accepted only in test mode. Gender is never derived from the number.
"""

import datetime
from dataclasses import dataclass

from stdnum.exceptions import InvalidComponent
from stdnum.no import fodselsnummer

from ansvarsgruppe.rules import Problem, RuleViolation

FODSELSNUMMER = "fodselsnummer"
D_NUMBER = "d_number"
H_NUMBER = "h_number"
SYNTHETIC_MONTH_OFFSET = 80


@dataclass(frozen=True)
class NationalId:
	number: str
	kind: str
	birth_date: datetime.date
	synthetic: bool = False


def _fail(message: str, **params) -> RuleViolation:
	return RuleViolation(Problem("R20", message, params))


def compact(value: str) -> str:
	"""The number without whitespace and the usual separators (space, dash, colon, dot)."""
	return fodselsnummer.compact((value or "").replace(".", ""))


def parse(value: str, *, allow_synthetic: bool = False, today: datetime.date | None = None) -> NationalId:
	"""Validate ``value`` and return what it says, or raise :class:`RuleViolation` (R20)."""
	number = compact(value)
	if number and not (number.isdigit() and number.isascii()):
		raise _fail("The identity number may only contain digits.")
	if len(number) != 11:
		raise _fail("The identity number must have 11 digits, not {count}.", count=len(number))
	if number[9] != fodselsnummer.calc_check_digit1(number) or number[10] != fodselsnummer.calc_check_digit2(
		number
	):
		raise _fail("The identity number has a wrong check digit.")

	day, month = int(number[0:2]), int(number[2:4])
	kind, synthetic, dated = FODSELSNUMMER, False, number
	if day > 40:
		kind = D_NUMBER
	if month > SYNTHETIC_MONTH_OFFSET:
		if not allow_synthetic:
			raise _fail("Synthetic test identity numbers are only accepted in test mode.")
		# python-stdnum knows D- and H-numbers; a synthetic number is read as the real one it stands for.
		synthetic, dated = True, f"{number[:2]}{month - SYNTHETIC_MONTH_OFFSET:02d}{number[4:]}"
	elif month > 40:
		kind = H_NUMBER
	try:
		birth_date = fodselsnummer.get_birth_date(dated)
	except InvalidComponent:
		raise _fail("The identity number does not contain a real birth date.")
	if birth_date > (today or datetime.date.today()):
		raise _fail("The identity number gives a birth date in the future.")
	return NationalId(number=number, kind=kind, birth_date=birth_date, synthetic=synthetic)
