"""Exports to CSV and Excel carry no formulas from the data (CSV or formula injection, OWASP).

A spreadsheet program runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula, and a tab or
carriage return in front can hide that. Anyone who can type into a record (a family in a web form) could
make KE's export run a formula on KE's machine. Such a cell is exported with a ``'`` in front, so that it is
shown as the text it is. A plain number (``-5``, ``+3.2``) stays a number.
"""

import csv
import io
import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def neutralise_cell(value):
	"""``value`` as a spreadsheet may show it: text a program would run gets a leading ``'``."""
	if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value):
		return "'" + value
	return value


def neutralise_csv(text: str, delimiter: str = ",", quoting: int = csv.QUOTE_NONNUMERIC) -> str:
	"""A CSV text with every cell neutralised; the text unchanged when no cell needs it (written again with
	``delimiter`` and ``quoting`` when one does)."""
	rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
	cleaned = [[neutralise_cell(cell) for cell in row] for row in rows]
	if cleaned == rows:
		return text
	out = io.StringIO(newline="")
	csv.writer(out, delimiter=delimiter, quoting=quoting).writerows(cleaned)
	return out.getvalue()
