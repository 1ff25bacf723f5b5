"""The figures on each role's home workspace (Number Cards of type Custom, shipped in number_card/).

Every figure is counted with ``frappe.get_list`` as the user who asks, so the app's row-level rules
(``permissions/records.py``) decide what is counted, exactly as in the list the card opens. Each card
returns its value and the route of that filtered list.
"""

import datetime

import frappe
from frappe import _
from frappe.utils import add_days, cint, get_datetime, getdate

from ansvarsgruppe.controllers.rules_bridge import get_settings, today
from ansvarsgruppe.rules import status as st

GROUP, MINUTES, APPLICATION = "Responsibility Group", "Meeting Minutes", "IP Application"
ESCALATION, CONSENT, PLAN = "Escalation", "Consent", "Individual Plan"
MEMBER_IN_GROUP = (st.MEMBER_APPROVED, st.MEMBER_ACTIVE)
OPEN_MEASURE = st.MEASURE_OPEN
PLAN_IN_FORCE = (st.PLAN_APPROVED,)


def _iso(day) -> str:
	return str(day)


def count(doctype: str, filters: dict, child: str | None = None) -> int:
	"""How many records (or, with ``child``, rows of that child table) the user may read."""
	if not frappe.has_permission(doctype, "read"):
		return 0
	target = f"`tab{child or doctype}`.name"
	rows = frappe.get_list(
		doctype, filters=_as_list(doctype, filters), fields=[f"count(distinct {target}) as n"]
	)
	return cint(rows[0].n) if rows else 0


def _as_list(doctype: str, filters: dict) -> list:
	"""``{"field": value | (op, value), "Child.field": ...}`` as Frappe's list filters."""
	result = []
	for key, value in filters.items():
		table, _, field = key.rpartition(".")
		operator, operand = value if isinstance(value, tuple | list) else ("=", value)
		result.append([table or doctype, field, operator, operand])
	return result


def card(doctype: str, filters: dict, child: str | None = None) -> dict:
	"""The card's figure and the list it opens, with the same filters."""
	route_options = {
		key: list(value) if isinstance(value, tuple) else value for key, value in filters.items()
	}
	for key, value in route_options.items():
		if isinstance(value, list) and isinstance(value[1], tuple):
			route_options[key] = [value[0], list(value[1])]
	return {
		"value": count(doctype, filters, child),
		"fieldtype": "Int",
		"route": ["List", doctype],
		"route_options": route_options,
	}


def _user() -> str:
	return frappe.session.user


def _my_group_names(user: str) -> list[str]:
	"""The open groups the user coordinates or sits in as an approved or active member."""
	member_of = frappe.get_list(
		"Group Member", filters={"user": user, "status": ("in", MEMBER_IN_GROUP)}, pluck="group"
	)
	coordinated = frappe.get_list(GROUP, filters={"coordinator": user}, pluck="name")
	names = set(member_of) | set(coordinated)
	if not names:
		return []
	return sorted(
		frappe.get_list(GROUP, filters={"name": ("in", names), "status": ("in", st.GROUP_OPEN)}, pluck="name")
	)


def _in(names: list[str]) -> tuple:
	# An empty "in" would match nothing in SQL but is dropped by Frappe's list filters; a name no
	# record has keeps the card and its list at nothing.
	return ("in", tuple(names) or ("-",))


# Coordinator: "Mine grupper" --------------------------------------------------------------------------


def _my_open_groups(more: dict | None = None) -> dict:
	"""The filters of the open groups the user coordinates, and ``more``."""
	return {"coordinator": _user(), "status": ("in", st.GROUP_OPEN), **(more or {})}


@frappe.whitelist()
def coordinated_groups(filters=None) -> dict:
	return card(GROUP, _my_open_groups())


@frappe.whitelist()
def coordinated_next_meetings(filters=None) -> dict:
	return card(
		MINUTES,
		{"coordinator": _user(), "status": st.MINUTES_INVITED, "meeting_date": (">=", _iso(today()))},
	)


@frappe.whitelist()
def minutes_to_finish(filters=None) -> dict:
	"""Meetings held whose minutes are not yet approved: to write, or to approve."""
	return card(
		MINUTES,
		{
			"coordinator": _user(),
			"status": ("in", (st.MINUTES_INVITED, st.MINUTES_DRAFT)),
			"meeting_date": ("<=", _iso(today())),
		},
	)


@frappe.whitelist()
def reviews_due(filters=None) -> dict:
	"""Annual reviews due within 30 days, or already overdue."""
	return card(GROUP, _my_open_groups({"next_review_due": ("<=", _iso(add_days(today(), 30)))}))


@frappe.whitelist()
def transitions_due(filters=None) -> dict:
	"""Transitions not yet done planned within 60 days (or late)."""
	due = {"Group Transition.done": 0, "Group Transition.planned_date": ("<=", _iso(add_days(today(), 60)))}
	return card(GROUP, _my_open_groups(due), child="Group Transition")


@frappe.whitelist()
def escalations_waiting(filters=None) -> dict:
	"""Issues raised through the line not yet answered, or answered and not yet told to the group."""
	return card(
		ESCALATION, {"coordinator": _user(), "status": ("in", (st.ESCALATION_OPEN, st.ESCALATION_ANSWERED))}
	)


@frappe.whitelist()
def consents_expiring(filters=None) -> dict:
	"""Consents in force that end within 30 days (only those the user may read: their groups')."""
	return card(
		CONSENT,
		{
			"status": st.CONSENT_ACTIVE,
			"valid_to": ("between", (_iso(today()), _iso(add_days(today(), 30)))),
		},
	)


@frappe.whitelist()
def measures_overdue(filters=None) -> dict:
	"""Open measures past their end date in the plans the user coordinates."""
	return card(
		PLAN,
		{
			"coordinator": _user(),
			"status": ("in", PLAN_IN_FORCE),
			"Plan Measure.status": ("in", OPEN_MEASURE),
			"Plan Measure.end_date": ("<", _iso(today())),
		},
		child="Plan Measure",
	)


# Coordinating unit (KE): "Koordinerende enhet" --------------------------------------------------------


@frappe.whitelist()
def applications_waiting(filters=None) -> dict:
	return card(APPLICATION, {"status": ("in", st.APPLICATION_UNDECIDED)})


@frappe.whitelist()
def applications_past_deadline(filters=None) -> dict:
	"""Applications still undecided after the answer deadline in the settings."""
	days = cint(get_settings().application_answer_days) or 30
	return card(
		APPLICATION,
		{
			"status": ("in", st.APPLICATION_UNDECIDED),
			"date_received": ("<", _iso(add_days(today(), -days))),
		},
	)


@frappe.whitelist()
def open_groups(filters=None) -> dict:
	return card(GROUP, {"status": ("in", st.GROUP_OPEN)})


@frappe.whitelist()
def groups_without_review(filters=None) -> dict:
	"""Open groups with no review in the last 12 months (R13): their next review is overdue."""
	return card(GROUP, {"status": ("in", st.GROUP_OPEN), "next_review_due": ("<", _iso(today()))})


@frappe.whitelist()
def coordinators(filters=None) -> dict:
	"""How many people coordinate the open groups (R17); opens the overview with each one's groups."""
	rows = frappe.get_list(
		GROUP,
		filters={"status": ("in", st.GROUP_OPEN), "coordinator": ("is", "set")},
		fields=["count(distinct coordinator) as n"],
	)
	return {
		"value": cint(rows[0].n) if rows else 0,
		"fieldtype": "Int",
		"route": ["query-report", "Responsibility Group Overview"],
	}


# Unit leader: "Enhetsleder" ----------------------------------------------------------------------------


def _led_units(user: str) -> list[str]:
	return frappe.get_all("Service Unit", filters={"unit_leader": user}, pluck="name")


@frappe.whitelist()
def applications_to_appoint(filters=None) -> dict:
	"""Applications KE has given to the user's unit, waiting for a coordinator to be appointed (R2)."""
	return card(APPLICATION, {"status": st.APPLICATION_DECIDED, "responsible_unit_leader": _user()})


@frappe.whitelist()
def unit_groups(filters=None) -> dict:
	return card(GROUP, {"status": ("in", st.GROUP_OPEN), "responsible_unit": _in(_led_units(_user()))})


@frappe.whitelist()
def escalations_to_me(filters=None) -> dict:
	"""Issues raised through the line to the user, not yet answered (R14)."""
	return card(ESCALATION, {"unit_leader": _user(), "status": st.ESCALATION_OPEN})


# Group participant: "Gruppedeltaker" -----------------------------------------------------------------


@frappe.whitelist()
def my_groups(filters=None) -> dict:
	return card(GROUP, {"name": _in(_my_group_names(_user()))})


@frappe.whitelist()
def my_next_meetings(filters=None) -> dict:
	"""The coming meetings the user may read (called, on or after today): the calls they are invited to in
	their groups and those of the groups they coordinate. The card opens the meetings themselves."""
	return card(MINUTES, {"status": st.MINUTES_INVITED, "meeting_date": (">=", _iso(today()))})


@frappe.whitelist()
def my_open_measures(filters=None) -> dict:
	"""The open measures the user is responsible for, in plans they may read (R18); the card opens the
	measures themselves (the report "My Open Measures"), not the plans."""
	result = card(
		PLAN,
		{
			"status": ("in", PLAN_IN_FORCE),
			"Plan Measure.responsible_person": _user(),
			"Plan Measure.status": ("in", OPEN_MEASURE),
		},
		child="Plan Measure",
	)
	return {**result, "route": ["query-report", "My Open Measures"], "route_options": {}}


# A home's first draw (public/js/desk_home.js) -----------------------------------------------------------


def _card_methods() -> dict:
	"""The figures above by the method name a stored Number Card gives (``Number Card.method``)."""
	return {
		f"{__name__}.{method.__name__}": method
		for method in (
			coordinated_groups,
			coordinated_next_meetings,
			minutes_to_finish,
			reviews_due,
			transitions_due,
			escalations_waiting,
			consents_expiring,
			measures_overdue,
			applications_waiting,
			applications_past_deadline,
			open_groups,
			groups_without_review,
			coordinators,
			applications_to_appoint,
			unit_groups,
			escalations_to_me,
			my_groups,
			my_next_meetings,
			my_open_measures,
		)
	}


MAX_CARDS = 30


@frappe.whitelist()
def cards(names=None) -> dict:
	"""Several of the app's number cards in one request: for each name, the stored card (only a Custom
	card computed above, without filters of its own, that Frappe lets the user read as its form load
	would) and its figure, exactly as the card's own method gives it. Other names are left out, and the
	desk loads those one by one."""
	names = frappe.parse_json(names) if isinstance(names, str) else names
	if not isinstance(names, list) or len(names) > MAX_CARDS:
		frappe.throw(_("Too many number cards asked for at once"), frappe.ValidationError)
	methods = _card_methods()
	result = {}
	for name in dict.fromkeys(names):
		if not isinstance(name, str) or not frappe.db.exists("Number Card", name):
			continue
		stored = frappe.get_cached_doc("Number Card", name)
		method = methods.get(stored.method) if stored.type == "Custom" else None
		if (
			not method
			or frappe.parse_json(stored.filters_json or "[]")
			or frappe.parse_json(stored.dynamic_filters_json or "[]")
		):
			continue
		if not frappe.has_permission("Number Card", "read", doc=stored):
			continue
		result[name] = {"doc": stored.as_dict(), "value": method()}
	return result


# The meeting calendar (meeting_minutes_calendar.js) ---------------------------------------------------


@frappe.whitelist()
def get_meeting_events(start: str, end: str, filters=None, **kwargs) -> list[dict]:
	"""The meetings between ``start`` and ``end`` the user may read (``get_list``: the row-level rules),
	each from its date and start time to its end time (an hour when no end is given)."""
	extra = frappe.parse_json(filters) if filters else []
	rows = frappe.get_list(
		MINUTES,
		fields=[
			"name",
			"meeting_date",
			"start_time",
			"end_time",
			"meeting_type",
			"service_user_name",
			"status",
		],
		filters=[
			*(extra if isinstance(extra, list) else []),
			[MINUTES, "meeting_date", ">=", getdate(start)],
			[MINUTES, "meeting_date", "<=", getdate(end)],
		],
		order_by="meeting_date asc",
		limit_page_length=0,
	)
	events = []
	for row in rows:
		all_day = not row.start_time
		begin = get_datetime(f"{row.meeting_date} {row.start_time or '00:00:00'}")
		finish = (
			get_datetime(f"{row.meeting_date} {row.end_time}")
			if row.start_time and row.end_time
			else begin + datetime.timedelta(hours=1)
		)
		events.append(
			{
				"name": row.name,
				"start": str(begin),
				"end": str(finish),
				"all_day": int(all_day),
				"title": f"{_(row.meeting_type)}: {row.service_user_name or row.name}",
				"status": row.status,
			}
		)
	return events
