"""CSV and Excel exports carry no formula a spreadsheet program would run."""

import csv

import pytest

from ansvarsgruppe.rules.exports import neutralise_cell, neutralise_csv


@pytest.mark.parametrize(
	"cell",
	[
		'=HYPERLINK("http://evil.example")',
		"+1+cmd|' /C calc'!A0",
		"-2+3",
		"@SUM(A1)",
		"\t=1+1",
		"\r=1+1",
		"-",
		"+47 41234567",
	],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_quote(cell):
	assert neutralise_cell(cell) == "'" + cell


@pytest.mark.parametrize(
	"cell", ["Åse", "1+1", " =1", "'=1", "", "-5", "+3.2", "-0,5", "1e5", 7, -7, 1.5, None]
)
def test_text_and_numbers_stay_as_they_are(cell):
	assert neutralise_cell(cell) == cell


def test_a_csv_without_formulas_is_left_byte_for_byte():
	text = '"Sr","Navn"\r\n1,"Åse"\r\n2,-5\r\n'
	assert neutralise_csv(text) is text


def test_a_csv_cell_with_a_formula_is_neutralised_and_the_rest_kept():
	text = '"Sr","Navn","Merknad"\r\n1,"=HYPERLINK(""http://evil.example"")","linje 1\nlinje 2"\r\n'
	rows = list(csv.reader(neutralise_csv(text).splitlines(keepends=True)))
	assert rows == [
		["Sr", "Navn", "Merknad"],
		["1", '\'=HYPERLINK("http://evil.example")', "linje 1\nlinje 2"],
	]


def test_the_delimiter_is_kept():
	text = 'a;b\r\n1;"@x"\r\n'
	assert neutralise_csv(text, delimiter=";") == '"a";"b"\r\n"1";"\'@x"\r\n'
