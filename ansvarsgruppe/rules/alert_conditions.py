"""Scheduled e-mail alerts (R2, R4/R5, R9, R12–R15): which occasion is due on a day, and who gets the e-mail.

The texts, the recipients and, for date-based alerts, the number of days live in Frappe Notifications that an
administrator edits in the desk; the app's code only decides *when* (the occasion) and cleans the recipient
list. Every alert is sent once per occasion: the occasion's key is kept in a ledger (Sent Alert).
"""

import ast
import datetime
import hashlib

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.applications import is_answer_overdue
from ansvarsgruppe.rules.dates import add_months, in_period
from ansvarsgruppe.rules.members import PROFESSIONAL_ROLES, has_access_on

DAYS_BEFORE, DAYS_AFTER = "Days Before", "Days After"
DATE_EVENTS = (DAYS_BEFORE, DAYS_AFTER)
ONE_DAY = datetime.timedelta(days=1)
KEY_LENGTH = 255


def occasion_date(event: str, days: int, today: datetime.date) -> datetime.date:
	"""The value a document's date field must have for a "Days Before"/"Days After" alert to be due today.

	This is Frappe's own rule for such Notifications: exactly ``days`` before or after the date, so each
	date is one occasion, due on one day.
	"""
	delta = datetime.timedelta(days=int(days or 0))
	return today + delta if event == DAYS_BEFORE else today - delta


CATCH_UP_DAYS = 14  # the settings' default: how many days late a missed alert is still sent


def due_day(event: str, days: int, occasion: datetime.date) -> datetime.date:
	"""The day a "Days Before"/"Days After" alert about a document with this date falls due."""
	delta = datetime.timedelta(days=int(days or 0))
	return occasion - delta if event == DAYS_BEFORE else occasion + delta


def occasion_range(
	event: str, days: int, today: datetime.date, catch_up_days: int
) -> tuple[datetime.date, datetime.date]:
	"""The dates a document's date field may have for a "Days Before"/"Days After" alert to be due today,
	counting the alerts that fell due in the last ``catch_up_days`` days and were not sent (a server down,
	a paused scheduler, a job that failed). A "Days Before" alert is no longer due once the date itself has
	passed (a reminder of a meeting that was held tells nothing). With no catch-up this is Frappe's own
	rule: exactly ``days`` before or after the date."""
	last = occasion_date(event, days, today)
	first = occasion_date(event, days, today - datetime.timedelta(days=max(int(catch_up_days or 0), 0)))
	if event == DAYS_BEFORE:
		first = max(first, today)
	return first, last


def in_catch_up_window(due_on: datetime.date, today: datetime.date, catch_up_days: int) -> bool:
	"""An alert that fell due on ``due_on`` is still sent today: due already, and at most ``catch_up_days``
	days ago."""
	return today - datetime.timedelta(days=max(int(catch_up_days or 0), 0)) <= due_on <= today


def is_late(due_on: datetime.date | None, today: datetime.date) -> bool:
	"""An alert sent after the day it fell due (its mail says so)."""
	return due_on is not None and due_on < today


def recipient_key(occasion_key: str, address: str) -> str:
	"""The ledger key of one occasion for one recipient (unique in Sent Alert: each address once)."""
	key = f"{occasion_key}|{(address or '').strip().lower()}"
	if len(key) > KEY_LENGTH:
		key = f"{key[: KEY_LENGTH - 41]}|{hashlib.sha1(key.encode()).hexdigest()}"
	return key


def alert_key(alert: str, doctype: str, name: str, occasion: datetime.date | str, detail: str = "") -> str:
	"""The ledger key of one occasion of one alert about one document (unique in Sent Alert)."""
	key = f"{alert}|{doctype}|{name}|{occasion}"
	key = f"{key}|{detail}" if detail else key
	if len(key) > KEY_LENGTH:
		key = f"{key[: KEY_LENGTH - 41]}|{hashlib.sha1(key.encode()).hexdigest()}"
	return key


def answer_overdue_occasion(
	application: dict, today: datetime.date, deadline_days: int
) -> datetime.date | None:
	"""R2: the first day an undecided application counts as unanswered, once that day has come.

	A job that missed that day still finds the same occasion later, so the alert is late but never lost
	and never repeated.
	"""
	if not is_answer_overdue(application, today, deadline_days):
		return None
	return application["date_received"] + datetime.timedelta(days=deadline_days + 1)


def plan_missing_occasion(
	group: dict, plan_approved: bool, today: datetime.date, deadline_months: int
) -> datetime.date | None:
	""" "Ansvarsgruppen har ansvar for at det utarbeides individuell plan dersom bruker har søkt om IP" (000):
	the day the plan was due (``deadline_months`` after the group was established) for an open group whose
	application asked for a plan and that has no approved plan, once that day has passed."""
	established = group.get("established_date")
	if (
		group.get("status") == st.GROUP_CLOSED
		or not group.get("has_individual_plan")
		or plan_approved
		or not established
	):
		return None
	due = add_months(established, deadline_months)
	return due if today > due else None


def _withdrawn_by(withdrawn_on: datetime.date | None, day: datetime.date) -> bool:
	return withdrawn_on is not None and withdrawn_on <= day


def units_withdrawn_on(consent: dict, day: datetime.date) -> set[str]:
	"""R4/R5: the units whose access ends on ``day`` because the consent, or a partner in it, is withdrawn
	that day (an expiry at the end of the period is not a withdrawal)."""
	if consent.get("status") not in (st.CONSENT_ACTIVE, st.CONSENT_WITHDRAWN):
		return set()
	day_before = day - ONE_DAY
	if not in_period(day_before, consent.get("valid_from"), consent.get("valid_to")) or _withdrawn_by(
		consent.get("withdrawn_on"), day_before
	):
		return set()
	covered_day_before = {
		p["service_unit"]
		for p in consent.get("partners") or []
		if p.get("service_unit") and not _withdrawn_by(p.get("withdrawn_on"), day_before)
	}
	if consent.get("withdrawn_on") == day:
		return covered_day_before
	return {
		p["service_unit"] for p in consent.get("partners") or [] if p.get("withdrawn_on") == day
	} & covered_day_before


def members_losing_access(members: list[dict], ended_units: set[str]) -> list[dict]:
	"""R5: the professional members (not already ended) who represent one of ``ended_units``."""
	return [
		m
		for m in members
		if m.get("member_role") in PROFESSIONAL_ROLES
		and m.get("status") != st.MEMBER_ENDED
		and m.get("service_unit") in ended_units
	]


def _addresses(member: dict) -> set[str]:
	return {a.strip().lower() for a in (member.get("email"), member.get("user_email")) if a and a.strip()}


def blocked_addresses(
	members: list[dict], covered_units: set[str], on_date: datetime.date, keep=()
) -> set[str]:
	"""R5: e-mail addresses of a group's members who have no access on ``on_date`` (ended, outside their
	period, or from a unit the consent no longer covers). An address that still has access through another
	membership, or is in ``keep`` (the coordinator), is not blocked."""
	allowed, blocked = set(), set()
	for member in members:
		(allowed if has_access_on(member, covered_units, on_date) else blocked).update(_addresses(member))
	return blocked - allowed - {k.strip().lower() for k in keep if k}


def addresses_with_access(
	members: list[dict], covered_units: set[str], on_date: datetime.date, keep=()
) -> set[str]:
	"""R5: e-mail addresses (lower case) of a group's members who have access on ``on_date``, and ``keep``
	(the coordinator, the person and those who act for them)."""
	allowed = {k.strip().lower() for k in keep if k and k.strip()}
	for member in members:
		if has_access_on(member, covered_units, on_date):
			allowed.update(_addresses(member))
	return allowed


def recipient_list(addresses, blocked=()) -> list[str]:
	"""Unique addresses in their order, without empty ones and without ``blocked`` (case-insensitive)."""
	blocked = {b.strip().lower() for b in blocked if b}
	seen, result = set(), []
	for address in addresses:
		address = (address or "").strip()
		if address and address.lower() not in blocked and address.lower() not in seen:
			seen.add(address.lower())
			result.append(address)
	return result


def condition_fields(condition: str | None, columns) -> list[str] | None:
	"""The columns a Notification's condition reads, when it reads the document only as ``doc.<column>`` or
	``doc.get("<column>")`` (as the shipped conditions do): the condition then gives the same answer on those
	values alone as on the whole document. None when it needs more (a child table, a method, the document
	itself) or cannot be read; [] when there is no condition."""
	if not condition or not condition.strip():
		return []
	try:
		tree = ast.parse(condition.strip(), mode="eval")
	except SyntaxError:
		return None
	columns = set(columns)
	parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
	fields = []
	names = [node for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id == "doc"]
	for node in sorted(names, key=lambda n: (n.lineno, n.col_offset)):  # in the order they are written
		attribute = parents.get(node)
		if not isinstance(attribute, ast.Attribute) or not isinstance(attribute.ctx, ast.Load):
			return None
		call = parents.get(attribute)
		if attribute.attr == "get":
			if not (
				isinstance(call, ast.Call)
				and call.func is attribute
				and not call.keywords
				and 1 <= len(call.args) <= 2
				and all(isinstance(arg, ast.Constant) for arg in call.args)
				and isinstance(call.args[0].value, str)
			):
				return None
			field = call.args[0].value
		else:
			if isinstance(call, ast.Call) and call.func is attribute:
				return None  # a method of the document
			field = attribute.attr
		if field not in columns:
			return None
		if field not in fields:
			fields.append(field)
	return fields
