"""Mine ansvarsgrupper: the groups of everyone the logged-in family member acts for."""

from datetime import timedelta
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import format_time, formatdate, getdate

from ansvarsgruppe.api.messages import get_conversation
from ansvarsgruppe.portal import idporten
from ansvarsgruppe.portal.pages import render_body
from ansvarsgruppe.portal.people import page_for_people
from ansvarsgruppe.printing.formats import ANSWER_FORMAT
from ansvarsgruppe.rules import answers
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.www.individuell_plan import plan_url

no_cache = 1
BODY = "ansvarsgruppe/templates/portal/mine_ansvarsgrupper.html"


def get_context(context):
	people = page_for_people(context, "mine-ansvarsgrupper", "Mine ansvarsgrupper", applying=True)
	context.people = [person_context(name, how) for name, how in people.items()]
	# a withdrawal is signed with a fresh ID-porten log-in; with an older one the person logs in again first
	context.fresh_login_url = (
		idporten.fresh_login_url("/mine-ansvarsgrupper") if idporten.needs_fresh_login() else None
	)
	context.page_body = render_body(BODY, context)
	return context


def person_context(service_user: str, how: dict) -> dict:
	person = frappe.db.get_value("Service User", service_user, ["name", "full_name"], as_dict=True)
	groups = frappe.get_all(
		"Responsibility Group",
		filters={"service_user": service_user, "status": ("!=", st.GROUP_CLOSED)},
		fields=[
			"name",
			"status",
			"coordinator",
			"coordinator_name",
			"next_meeting_date",
			"has_individual_plan",
			"consent",
			"responsible_unit",
		],
	)
	stated = how.get("stated")  # until KE has checked the parental responsibility: the application only
	return {
		"name": person.name,
		"full_name": person.full_name,
		"acting_as": acting_as(person.full_name, how),
		"stated": stated,
		"groups": [] if stated else groups_context(groups, person.full_name),
		"consents": [] if stated else consents_context(service_user),
		"applications": applications_context(service_user),
	}


def acting_as(full_name: str, how: dict) -> str:
	"""Whom the page is about, said to the one reading it."""
	if how["kind"] == "Service User":
		return "Dette er dine egne ansvarsgrupper."
	relation_type = frappe.db.get_value("Service User Relation", how["relation"], "relation_type")
	role = {"Parent": "forelder", "Guardian": "verge"}.get(relation_type, "forelder eller verge")
	return f"Du følger opp {full_name} som {role}."


def group_minutes(groups: list[str]) -> dict[str, list]:
	"""The groups' approved minutes and their meetings from today on, by group, newest first: one query for
	all the groups."""
	rows = frappe.get_all(
		"Meeting Minutes",
		filters={"group": ("in", groups)},
		or_filters={"status": ("in", st.MINUTES_FINAL), "meeting_date": (">=", getdate())},
		fields=["name", "group", "status", "meeting_date", "meeting_type", "start_time", "place"],
		order_by="meeting_date desc",
	)
	by_group = {group: [] for group in groups}
	for row in rows:
		by_group[row.group].append(row)
	return by_group


def next_meeting(group, minutes: list | None = None) -> str:
	"""The group's next meeting the family is called to (not the municipality's own pre-meeting): date,
	time and place; else the date the group agreed, or that none is agreed yet. ``minutes``: the group's
	from ``group_minutes``."""
	if minutes is None:
		minutes = group_minutes([group.name])[group.name]
	today = getdate()
	called = [
		m
		for m in minutes
		if m.status == st.MINUTES_INVITED
		and m.meeting_type != "Pre-meeting"
		and m.meeting_date
		and getdate(m.meeting_date) >= today
	]
	if called:
		# the earliest; a meeting without a time first, as the database orders NULL
		meeting = min(
			called,
			key=lambda m: (getdate(m.meeting_date), m.start_time is not None, m.start_time or timedelta()),
		)
		text = formatdate(meeting.meeting_date, "dd.MM.yyyy")
		if meeting.start_time:
			text += " kl. " + format_time(meeting.start_time, "HH:mm")
		return f"{text}, {meeting.place}" if meeting.place else text
	if group.next_meeting_date:
		return formatdate(group.next_meeting_date, "dd.MM.yyyy")
	return "Ikke avtalt"


def applications_context(service_user: str) -> list[dict]:
	"""The person's applications with their status, and the answer to read once there is one (R2)."""
	rows = frappe.get_all(
		"IP Application",
		filters={"service_user": service_user},
		fields=["name", "status", "date_received", "decision_letter_on", "interim_answer_on"],
		order_by="date_received desc, creation desc",
	)
	result = []
	for row in rows:
		answered = row.decision_letter_on or row.interim_answer_on
		result.append(
			{
				"name": row.name,
				"received": formatdate(row.date_received, "dd.MM.yyyy"),
				"status": answers.portal_status(row.status),
				"letter_title": "Svar på søknaden" if row.decision_letter_on else "Foreløpig svar",
				"letter_url": "/api/method/frappe.utils.print_format.download_pdf?"
				+ urlencode({"doctype": "IP Application", "name": row.name, "format": ANSWER_FORMAT})
				if answered
				else "",
			}
		)
	return result


MEETING_TYPES = {
	"Pre-meeting": "formøtet",
	"Ordinary": "møtet",
	"Annual Review": "den årlige evalueringen",
	"Closing": "avslutningsmøtet",
}


def group_title(group, full_name: str) -> str:
	"""The group as the family names it: whom it is for and the unit that holds it, never its number."""
	title = f"Ansvarsgruppe for {full_name}"
	return f"{title} ({group.responsible_unit})" if group.responsible_unit else title


def minutes_title(meeting_type: str, date: str) -> str:
	return f"Referat fra {MEETING_TYPES.get(meeting_type, 'møtet')} {date}"


def groups_context(groups: list, full_name: str) -> list[dict]:
	"""The person's groups as the page shows them; what they show is read for all the groups at once."""
	names = [group.name for group in groups]
	if not names:
		return []
	coordinators = {
		user.name: user
		for user in frappe.get_all(
			"User",
			filters={
				"name": ("in", list({group.coordinator for group in groups if group.coordinator}) or [""])
			},
			fields=["name", "full_name", "email", "phone", "mobile_no"],
		)
	}
	members = by_key(
		names,
		"group",
		frappe.get_all(
			"Group Member",
			filters={"group": ("in", names), "status": ("in", (st.MEMBER_APPROVED, st.MEMBER_ACTIVE))},
			fields=["group", "full_name", "member_role", "service_unit"],
			order_by="creation",
		),
	)
	transitions = by_key(
		names,
		"parent",
		frappe.get_all(
			"Group Transition",
			filters={"parent": ("in", names), "parenttype": "Responsibility Group", "done": 0},
			fields=["parent", "from_service", "to_service", "planned_date"],
			order_by="planned_date",
		),
	)
	minutes = group_minutes(names)
	return [
		group_context(
			group,
			full_name,
			coordinators.get(group.coordinator) or {},
			members[group.name],
			minutes[group.name],
			transitions[group.name],
		)
		for group in groups
	]


def by_key(keys: list[str], field: str, rows: list) -> dict[str, list]:
	"""``rows`` by their ``field``, in the order read, with an empty list for a key without rows."""
	result = {key: [] for key in keys}
	for row in rows:
		result[row[field]].append(row)
	return result


def group_context(
	group, full_name: str, coordinator, members: list, minutes: list, transitions: list
) -> dict:
	url = plan_url(group.name)
	final = [m for m in minutes if m.status in st.MINUTES_FINAL]
	return {
		"name": group.name,
		"title": group_title(group, full_name),
		"status": {"Proposed": "Foreslått", "Approved": "Godkjent", "Active": "Aktiv"}.get(
			group.status, group.status
		),
		"coordinator": coordinator,
		"next_meeting": next_meeting(group, minutes),
		"individual_plan": "Ja" if group.has_individual_plan or url else "Nei",
		"plan_url": url,
		"members": [
			{
				"full_name": m.full_name,
				"role": _(m.member_role),
				"unit": m.service_unit or "",
			}
			for m in members
		],
		"minutes": [
			{
				"name": m.name,
				"date": formatdate(m.meeting_date, "dd.MM.yyyy"),
				"title": minutes_title(m.meeting_type, formatdate(m.meeting_date, "dd.MM.yyyy")),
			}
			for m in final
		],
		"transitions": [
			{"text": f"{t.from_service} → {t.to_service}", "date": formatdate(t.planned_date, "dd.MM.yyyy")}
			for t in transitions
		],
		"conversation": conversation_context(group.name),
	}


def conversation_context(group: str) -> dict:
	"""The group's messages as the family member may read them (read, so logged for Innsyn)."""
	conversation = get_conversation(group)
	for message in conversation["messages"]:
		message["read_by_text"] = ", ".join(f"{r['name']} ({r['at']})" for r in message["read_by"])
	return conversation


def consents_context(service_user: str) -> list[dict]:
	consents = frappe.get_all(
		"Consent",
		filters={
			"service_user": service_user,
			"status": ("in", (st.CONSENT_REGISTERED, st.CONSENT_SIGNED, st.CONSENT_ACTIVE)),
		},
		fields=["name", "status", "valid_from", "valid_to", "signed_date"],
		order_by="creation desc",
	)
	if not consents:
		return []
	partners = by_key(
		[consent.name for consent in consents],
		"parent",
		frappe.get_all(
			"Consent Partner",
			filters={
				"parent": ("in", [consent.name for consent in consents]),
				"parenttype": "Consent",
				"withdrawn_on": ("is", "not set"),
			},
			fields=["parent", "service_unit"],
			order_by="idx",
		),
	)
	result = []
	for consent in consents:
		result.append(
			{
				"name": consent.name,
				"status": _(consent.status, context="Consent"),
				"signed": formatdate(consent.signed_date, "dd.MM.yyyy") if consent.signed_date else "–",
				"valid_from": formatdate(consent.valid_from, "dd.MM.yyyy"),
				"valid_to": formatdate(consent.valid_to, "dd.MM.yyyy")
				if consent.valid_to
				else "inntil videre",
				"partners": [row.service_unit for row in partners[consent.name]],
			}
		)
	return result
