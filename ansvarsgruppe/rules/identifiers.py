"""Field names a client sends, read as names and nothing else.

A list request carries field names in its filters, fields, sorting and grouping; the framework pastes them
into SQL after a check that lets expressions through (a sub-select inside ``ifnull(``, comments). These
functions take a request's arguments apart into the plain names they may name, and refuse anything that
is not of one of the few shapes the desk and the portal send: ``field``, ```tabDocType`.`field```,
``tabDocType.field``, ``link_field.field``, an alias after ``as``, ``count(*)``, ``count(distinct field)``, ``sum(field)`` and the
like, ``asc``/``desc``. Which names a user may read is the caller's question (``permissions/guards.py``).
"""

import json
import re

_NAME = r"[A-Za-z_][A-Za-z0-9_]{0,63}"
_TABLE = r"[A-Za-z0-9_][A-Za-z0-9_ \-]{0,139}"
_COLUMN = re.compile(
	rf"^(?:`tab(?P<qtable>{_TABLE})`\.`(?P<qfield>{_NAME})`"
	rf"|tab(?P<table>[A-Za-z0-9_]{{1,140}})\.(?P<tfield>{_NAME})"
	rf"|(?P<link>{_NAME})\.(?P<lfield>{_NAME})"
	rf"|`(?P<bfield>{_NAME})`"
	rf"|(?P<field>{_NAME}))$"
)
_AGGREGATE = re.compile(r"^(?P<fn>count|sum|avg|min|max)\s*\(\s*(?P<arg>.*?)\s*\)$", re.IGNORECASE)
_ALIAS = re.compile(rf"^(?P<expr>.+?)\s+as\s+`?(?P<alias>{_NAME})`?$", re.IGNORECASE)
_ORDER = re.compile(r"^(?P<expr>.+?)(?:\s+(?P<dir>asc|desc))?$", re.IGNORECASE)

OPERATORS = frozenset(
	{
		"=",
		"!=",
		">",
		"<",
		">=",
		"<=",
		"like",
		"not like",
		"in",
		"not in",
		"is",
		"between",
		"timespan",
		"descendants of",
		"descendants of (inclusive)",
		"ancestors of",
		"not descendants of",
		"not ancestors of",
		"previous",
		"next",
		"fiscal year",
	}
)


# A column reached through a field of the DocType (``link_field.field``, ``table_field.field``): its table is
# written as LINKED + the field's name.
LINKED = ":"


class NotAName(ValueError):
	"""A piece of a request where a field name belongs holds something else."""


def column(text) -> tuple[str | None, str]:
	"""(DocType or None, field) of one column reference (for ``link_field.field``: (LINKED + link_field,
	field)); ``NotAName`` for anything else."""
	if not isinstance(text, str):
		raise NotAName(repr(text))
	match = _COLUMN.match(text.strip())
	if not match:
		raise NotAName(text)
	if match.group("link"):
		return LINKED + match.group("link"), match.group("lfield")
	table = match.group("qtable") or match.group("table")
	field = match.group("qfield") or match.group("tfield") or match.group("bfield") or match.group("field")
	return table, field


def selected(text) -> list[tuple[str | None, str]]:
	"""The columns one item of ``fields`` names: a column, ``*``, an aggregate of a column, ``*`` or
	``distinct column``, each with an optional alias."""
	if not isinstance(text, str):
		raise NotAName(repr(text))
	text = text.strip()
	alias = _ALIAS.match(text)
	if alias:
		text = alias.group("expr").strip()
	if text == "*":
		return []
	aggregate = _AGGREGATE.match(text)
	if aggregate:
		arg = aggregate.group("arg")
		if arg == "*" or arg == "1":
			return []
		if arg.lower().startswith("distinct "):
			arg = arg[len("distinct ") :].strip()
		return [column(arg)]
	return [column(text)]


def ordering(text) -> list[tuple[str | None, str]]:
	"""The columns of an ORDER BY or GROUP BY text: columns, each with an optional direction, by commas."""
	if text is None or text == "":
		return []
	if not isinstance(text, str):
		raise NotAName(repr(text))
	names = []
	for part in text.split(","):
		match = _ORDER.match(part.strip())
		if not match:
			raise NotAName(part)
		names.append(column(match.group("expr")))
	return names


def direction(text) -> None:
	if text not in (None, "") and str(text).strip().lower() not in ("asc", "desc"):
		raise NotAName(str(text))


def parsed(value):
	"""A JSON argument as sent (a string) or already parsed."""
	if isinstance(value, str):
		stripped = value.strip()
		if not stripped:
			return None
		try:
			return json.loads(stripped)
		except ValueError:
			return value
	return value


def filtered(filters) -> list[tuple[str | None, str]]:
	"""The columns ``filters`` (or ``or_filters``) name: a dict of column to value, or a list of
	``[column, operator, value]`` / ``[DocType, column, operator, value]``. A filter written as SQL (a
	string) is no name."""
	filters = parsed(filters)
	if filters in (None, "", [], {}):
		return []
	if isinstance(filters, dict):
		return [column(key) for key in filters]
	if isinstance(filters, str):
		raise NotAName(filters)
	if not isinstance(filters, list | tuple):
		raise NotAName(repr(filters))
	if filters and isinstance(filters[0], str) and len(filters) in (3, 4, 5):
		filters = [filters]
	names = []
	for item in filters:
		if isinstance(item, dict):
			names += [column(key) for key in item]
			continue
		if not isinstance(item, list | tuple):
			raise NotAName(repr(item))
		if len(item) >= 4:
			doctype, field, operator = item[0], item[1], item[2]
		elif len(item) == 3:
			doctype, field, operator = None, item[0], item[1]
		else:
			raise NotAName(repr(item))
		if not _is_operator(operator):
			raise NotAName(repr(operator))
		table, name = column(field)
		if doctype is not None and not isinstance(doctype, str):
			raise NotAName(repr(doctype))
		names.append((doctype or table, name))
	return names


def _is_operator(value) -> bool:
	return isinstance(value, str) and value.strip().lower() in OPERATORS


def listed(value) -> list:
	"""A list argument (``fields``, ``filter_fields``, ``stats``) as a list of its items."""
	value = parsed(value)
	if value in (None, ""):
		return []
	if isinstance(value, str):
		return [part for part in value.split(",") if part.strip()]
	if isinstance(value, list | tuple):
		return list(value)
	raise NotAName(repr(value))


def mapped(value) -> list[tuple[str | None, str]]:
	"""The columns of a field map (the calendar's ``field_map``): its values."""
	value = parsed(value)
	if value in (None, ""):
		return []
	if not isinstance(value, dict):
		raise NotAName(repr(value))
	names = []
	for item in value.values():
		if item in (None, ""):
			continue
		if isinstance(item, dict):
			names += mapped(item)
		else:
			names.append(column(item))
	return names
