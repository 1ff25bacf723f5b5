"""docs/rules.md lists every point of the two guidelines with the tests that prove it: each test it names
exists, each point is numbered in order, and an enforced point names at least one test."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "docs" / "rules.md"
TEST_NAME = re.compile(r"`(test_\w+)`")
STATES = ("enforced", "in part", "not", "guidance")


def defined_tests() -> set[str]:
	names = set()
	for folder in (ROOT / "tests", ROOT / "ansvarsgruppe"):
		for path in folder.rglob("test_*.py"):
			names.update(re.findall(r"^\s*def (test_\w+)\(", path.read_text(encoding="utf-8"), re.M))
	return names


def point_rows() -> list[list[str]]:
	text = RULES.read_text(encoding="utf-8")
	section = text.split("## Every point of the two guidelines", 1)[1].split("\n## ", 1)[0]
	rows = []
	for line in section.splitlines():
		cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
		if line.startswith("|") and cells[0].isdigit():
			rows.append(cells)
	return rows


def test_every_test_the_rules_doc_names_exists():
	named = set(TEST_NAME.findall(RULES.read_text(encoding="utf-8")))
	assert named, "the rules doc names tests"
	assert sorted(named - defined_tests()) == []


def test_the_guidelines_points_are_numbered_in_order_each_with_a_state():
	rows = point_rows()
	assert [int(row[0]) for row in rows] == list(range(1, len(rows) + 1))
	assert len(rows) >= 81, "every normative point of the two seeds"
	for row in rows:
		assert len(row) == 6, row
		assert row[3].startswith(STATES), row


def test_every_enforced_point_names_a_test_and_every_unheld_point_says_why():
	for number, point, _rule, state, where, tests in point_rows():
		if state.startswith("enforced"):
			assert TEST_NAME.search(tests), f"point {number} ({point}) names no test"
		if state == "not":
			assert len(where) > 40, f"point {number} ({point}) does not say why the app does not hold it"


def test_the_five_points_the_r_list_left_out_are_listed():
	points = " ".join(row[1] for row in point_rows())
	for words in (
		"All staff inform the user of the right to a coordinator",
		"makes the routine known",
		"should know the user",
		"brings in the other unit leaders",
		"heard, seen and met with respect",
	):
		assert words in points, words
