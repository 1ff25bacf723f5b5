"""Words for people, codes for developers: no rule code (R1..R20) in anything a municipal user reads.

Covers the desk (DocType labels, descriptions and options, workspaces, number cards, charts, reports, list
and form scripts), e-mails (notifications and their templates), prints (print formats), the portal (web
forms, pages) and every message and translation. Rule codes stay in tests, docs and code comments
(``{# #}`` in templates).
"""

import json
import re
from pathlib import Path

from test_translations import code_strings, rule_constant_strings, translations

APP = Path(__file__).resolve().parents[1] / "ansvarsgruppe"
MODULE = APP / "ansvarsgruppe"
RULE_CODE = re.compile(r"\bR\d{1,2}\b")
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
JS_TRANSLATED = re.compile(r"""__\(\s*(["'`])((?:\\.|(?!\1).)*)\1""", re.S)
# JSON keys whose values a user reads.
VISIBLE_KEYS = {
	"label",
	"title",
	"description",
	"options",
	"subject",
	"message",
	"html",
	"chart_name",
	"report_name",
	"introduction_text",
	"success_message",
	"success_title",
	"button_label",
	"meta_title",
	"meta_description",
	"list_title",
	"text",
}
DESK_KINDS = (
	"doctype",
	"workspace",
	"number_card",
	"dashboard_chart",
	"report",
	"notification",
	"print_format",
	"web_form",
)


def _json_strings(value, where: str):
	if isinstance(value, dict):
		for key, item in value.items():
			if key == "content" and isinstance(item, str) and item.startswith("["):
				yield from _json_strings(json.loads(item), f"{where}.content")
			elif key in VISIBLE_KEYS and isinstance(item, str):
				yield f"{where}.{key}", item
			else:
				yield from _json_strings(item, f"{where}.{key}")
	elif isinstance(value, list):
		for index, item in enumerate(value):
			yield from _json_strings(item, f"{where}[{index}]")


def desk_texts():
	for kind in DESK_KINDS:
		for path in MODULE.glob(f"{kind}/*/*.json"):
			yield from _json_strings(json.loads(path.read_text()), f"{kind}/{path.stem}")


def template_texts():
	for pattern in ("*/print_format/*/*.html", "*/notification/*/*.html", "*/notification/*/*.md"):
		for path in APP.glob(pattern):
			yield path.name, JINJA_COMMENT.sub("", path.read_text())
	for folder in ("templates", "www"):
		for path in (APP / folder).rglob("*.html"):
			yield str(path.relative_to(APP)), JINJA_COMMENT.sub("", path.read_text())


def script_texts():
	for path in APP.rglob("*.js"):
		for match in JS_TRANSLATED.finditer(path.read_text()):
			yield f"{path.name}: __()", match.group(2)


def python_texts():
	for text in code_strings() | rule_constant_strings():
		yield "_() / Problem", text


def translation_texts():
	for source, norwegian in translations().items():
		yield f"no.csv:{source[:40]}", source
		yield f"no.csv:{source[:40]}", norwegian


def coded(texts) -> list[tuple[str, str]]:
	return [(where, RULE_CODE.search(text).group()) for where, text in texts if RULE_CODE.search(text)]


def test_the_scan_reaches_every_kind_of_desk_record():
	kinds = {where.split("/")[0] for where, _text in desk_texts()}
	assert set(DESK_KINDS) - {"print_format"} <= kinds, kinds
	assert any(".content[" in where and "Mitt arbeid" in text for where, text in desk_texts())
	assert any(
		name.endswith(".html") and "print" in name or "Referat" in text for name, text in template_texts()
	)
	assert sum(1 for _ in template_texts()) >= 8
	assert any(text == "Send Invitation" for _where, text in script_texts())


def test_the_scan_finds_a_rule_code_where_one_is_planted():
	assert coded([("planted", "Må godkjennes innen fire uker (R12).")]) == [("planted", "R12")]
	assert coded([("comment", JINJA_COMMENT.sub("", "{# R11: the nine parts #}Referat"))]) == []


def test_no_rule_code_in_the_desk():
	assert coded(desk_texts()) == []


def test_no_rule_code_in_prints_mails_and_pages():
	assert coded(template_texts()) == []


def test_no_rule_code_in_messages_scripts_or_translations():
	assert coded(python_texts()) == []
	assert coded(script_texts()) == []
	assert coded(translation_texts()) == []


def desk_labels() -> set[str]:
	"""The labels Frappe translates on the desk: cards, charts, workspace widgets, connection groups."""
	labels = set()
	for kind in ("number_card", "dashboard_chart", "workspace"):
		for path in MODULE.glob(f"{kind}/*/*.json"):
			doc = json.loads(path.read_text())
			labels.add(doc.get("label") or doc.get("chart_name"))
			for table in ("shortcuts", "number_cards", "charts", "quick_lists", "links"):
				labels.update(row["label"] for row in doc.get(table, []) if row.get("label"))
	for path in MODULE.glob("doctype/*/*.json"):
		labels.update(
			link["group"] for link in json.loads(path.read_text()).get("links", []) if link.get("group")
		)
	return labels - {None}


def test_every_desk_label_and_script_text_is_in_norwegian():
	texts = desk_labels() | {text for _where, text in script_texts() if "${" not in text}
	assert {"My Groups", "Groups by Status", "Meeting Calendar", "Send Invitation"} <= texts
	missing = sorted(texts - translations().keys())
	assert missing == []
