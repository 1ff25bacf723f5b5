"""What a load-test response may show its user: plain functions, no Locust or Frappe import.

The ground truth (``truth.json``, written by ``measure.py load_truth`` from the demo's rows before the run)
gives each demo user an upper bound of what they may read: the groups they coordinate, are an approved or
active member of, or lead the responsible unit of (all of them for KE); the minutes of those groups that are
final, or drafts they take or coordinate; for a family the groups and minutes of the person they act for.
The app may show less (a consent that does not cover the unit, a member's period); it may never show more.
A name outside the bound in a response is a leak.
"""

import re

# Names as the app's naming series make them (responsibility_group.json, meeting_minutes.json).
GROUP_NAME = re.compile(r"\bAG-\d{4}-\d{4,}\b")
MINUTES_NAME = re.compile(r"\bREF-\d{4}-\d{5,}\b")


def leaks(shown, allowed) -> list[str]:
	"""The names in ``shown`` that are not in ``allowed``, sorted (empty: no leak)."""
	allowed = set(allowed)
	return sorted({name for name in shown if name not in allowed})


def names_in_text(text: str, pattern: re.Pattern = GROUP_NAME) -> set[str]:
	"""Every record name of ``pattern``'s kind in a page or a JSON body."""
	return set(pattern.findall(text or ""))


def list_names(message, key: str = "name") -> list[str]:
	"""The names of a list response: ``frappe.client.get_list``'s rows (dicts) or ``reportview.get``'s
	compressed form ({"keys": [...], "values": [[...], ...]})."""
	if isinstance(message, dict) and "keys" in message:
		index = message["keys"].index(key)
		return [row[index] for row in message.get("values", [])]
	return [row[key] for row in message or []]


def report_names(result, key: str = "name") -> list[str]:
	"""The group names in a Script Report's result rows (dicts or lists with the name first); a total row
	(a list ending the result, or a dict without the key) is not a record."""
	names = []
	for row in result or []:
		if isinstance(row, dict):
			if row.get(key):
				names.append(row[key])
		elif row and isinstance(row[0], str):
			names.append(row[0])
	return names


def page_leaks(text: str, groups, minutes) -> list[str]:
	"""Group and minutes names in a page (or body) outside what its reader may read."""
	return leaks(names_in_text(text, GROUP_NAME), groups) + leaks(names_in_text(text, MINUTES_NAME), minutes)


FINAL_MINUTES = ("Approved", "Distributed")


def minutes_leaks(rows, user: str, groups, coordinated) -> list[str]:
	"""Minutes rows (name, group, status, minute_taker) ``user`` may not read: outside their groups, or a
	draft of a group they do not coordinate that someone else takes."""
	groups, coordinated = set(groups), set(coordinated)
	return sorted(
		row["name"]
		for row in rows
		if row["group"] not in groups
		or not (row["group"] in coordinated or row["status"] in FINAL_MINUTES or row["minute_taker"] == user)
	)
