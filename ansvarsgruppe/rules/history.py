"""A record's change history as one reader may see it: never a field above the reader's permission level.

Frappe keeps each saved change of a record as a Version whose data is a diff::

    {"changed": [[field, old, new], ...],
     "added": [[table, {row}], ...], "removed": [[table, {row}], ...],
     "row_changed": [[table, index, row name, [[field, old, new], ...]], ...], ...}

and shows it in the form's timeline and in the followers' digest mail, to everyone who reads the record.
``hidden`` names what the reader may not read: a field (``closing_reason``), a whole table (``transitions``)
or a field of a table's rows (``relations.national_id``).
"""

CHANGE_KEYS = ("changed", "added", "removed", "row_changed")


def _row(table: str, row: dict, hidden) -> dict:
	return {key: value for key, value in row.items() if f"{table}.{key}" not in hidden}


def visible_change(data: dict, hidden) -> dict | None:
	"""``data`` (a Version's diff) without what ``hidden`` names; None when it changed nothing else, so that
	not even the fact of a change to a hidden field shows."""
	if not hidden:
		return data
	out = dict(data)
	out["changed"] = [list(c) for c in data.get("changed") or () if c[0] not in hidden]
	for key in ("added", "removed"):
		out[key] = [
			[table, _row(table, row, hidden)] for table, row in data.get(key) or () if table not in hidden
		]
	out["row_changed"] = []
	for table, index, name, changes in data.get("row_changed") or ():
		shown = [list(c) for c in changes if table not in hidden and f"{table}.{c[0]}" not in hidden]
		if shown:
			out["row_changed"].append([table, index, name, shown])
	had_changes = any(data.get(key) for key in CHANGE_KEYS)
	if had_changes and not any(out[key] for key in CHANGE_KEYS):
		return None
	return {key: value for key, value in out.items() if key in data or out[key]}
