"""Every UI string the app ships has a Norwegian translation (language code ``no``)."""

import ast
import csv
import json
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "ansvarsgruppe"
TRANSLATIONS = APP / "translations" / "no.csv"
PROBLEM_CALLS = {"Problem", "_fail"}


def translations() -> dict[str, str]:
	with TRANSLATIONS.open(newline="", encoding="utf-8") as f:
		return {row[0]: row[1] for row in csv.reader(f) if row}


def doctype_strings() -> set[str]:
	strings = set()
	for path in APP.glob("*/doctype/*/*.json"):
		meta = json.loads(path.read_text())
		strings.add(meta["name"])
		for field in meta.get("fields", []):
			for key in ("label", "description"):
				if field.get(key):
					strings.add(field[key])
			if field.get("fieldtype") == "Select":
				strings.update(o for o in (field.get("options") or "").split("\n") if o)
	return strings


def code_strings() -> set[str]:
	"""Literal strings passed to ``_()`` and the messages of rule problems."""
	strings = set()
	for path in APP.rglob("*.py"):
		for node in ast.walk(ast.parse(path.read_text())):
			if not isinstance(node, ast.Call) or not node.args:
				continue
			name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
			if name == "_" or name in PROBLEM_CALLS:
				index = 1 if name == "Problem" else 0
				if len(node.args) > index and isinstance(node.args[index], ast.Constant):
					strings.add(node.args[index].value)
	return strings


def rule_constant_strings() -> set[str]:
	from ansvarsgruppe.rules import minutes, representation

	return set(minutes.MINUTES_PARTS) | {message for _rule, message in representation.ACTS.values()}


def test_translation_file_is_well_formed():
	with TRANSLATIONS.open(newline="", encoding="utf-8") as f:
		rows = [row for row in csv.reader(f) if row]
	assert all(len(row) >= 2 and row[1].strip() for row in rows)
	sources = [(row[0], row[2] if len(row) > 2 else "") for row in rows]
	assert len(sources) == len(set(sources)), "a source string is translated twice in one context"


def test_every_doctype_label_and_option_is_translated():
	missing = sorted(doctype_strings() - translations().keys())
	assert not missing, missing


def test_every_message_is_translated():
	missing = sorted((code_strings() | rule_constant_strings()) - translations().keys())
	assert not missing, missing


def test_placeholders_survive_translation():
	for source, target in translations().items():
		for token in ("{0}", "{1}", "{count}", "{limit}", "{unit}", "{units}", "{part}", "{age_limit}"):
			assert (token in source) == (token in target), (source, target)


RULE_CODE = re.compile(r"\bR\d{1,2}\b")


def user_visible_texts():
	"""(where, text) for what municipal users read: field labels, descriptions and HTML, the Norwegian
	translations, and the alerts' mail templates."""
	for path in APP.glob("*/doctype/*/*.json"):
		for field in json.loads(path.read_text()).get("fields", []):
			for key in ("label", "description", "options"):
				if field.get(key):
					yield f"{path.name}:{field['fieldname']}.{key}", field[key]
	for source, norwegian in translations().items():
		yield f"no.csv:{source[:40]}", norwegian
	for path in APP.glob("*/notification/*/*"):
		if path.suffix in (".html", ".md"):
			yield path.name, path.read_text()


def test_no_rule_codes_in_what_municipal_users_read():
	found = [
		(where, RULE_CODE.search(text).group())
		for where, text in user_visible_texts()
		if RULE_CODE.search(text)
	]
	assert found == []
