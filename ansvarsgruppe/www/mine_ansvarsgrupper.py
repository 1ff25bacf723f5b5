"""Mine ansvarsgrupper: the groups of everyone the logged-in family member acts for."""

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
		"groups": [] if stated else [group_context(g, person.full_name) for g in groups],
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


def next_meeting(group) -> str:
	"""The group's next meeting the family is called to (not the municipality's own pre-meeting): date,
	time and place; else the date the group agreed, or that none is agreed yet."""
	meeting = frappe.get_all(
		"Meeting Minutes",
		filters={
			"group": group.name,
			"meeting_date": (">=", getdate()),
			"meeting_type": ("!=", "Pre-meeting"),
			"status": st.MINUTES_INVITED,
		},
		fields=["meeting_date", "start_time", "place"],
		order_by="meeting_date asc, start_time asc",
		limit=1,
	)
	if meeting:
		meeting = meeting[0]
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


def group_context(group, full_name: str) -> dict:
	coordinator = frappe.db.get_value(
		"User", group.coordinator, ["full_name", "email", "phone", "mobile_no"], as_dict=True
	)
	members = frappe.get_all(
		"Group Member",
		filters={"group": group.name, "status": ("in", (st.MEMBER_APPROVED, st.MEMBER_ACTIVE))},
		fields=["full_name", "member_role", "service_unit"],
		order_by="creation",
	)
	minutes = frappe.get_all(
		"Meeting Minutes",
		filters={"group": group.name, "status": ("in", st.MINUTES_FINAL)},
		fields=["name", "meeting_date", "meeting_type"],
		order_by="meeting_date desc",
	)
	url = plan_url(group.name)
	transitions = frappe.get_all(
		"Group Transition",
		filters={"parent": group.name, "parenttype": "Responsibility Group", "done": 0},
		fields=["from_service", "to_service", "planned_date"],
		order_by="planned_date",
	)
	return {
		"name": group.name,
		"title": group_title(group, full_name),
		"status": {"Proposed": "Foreslått", "Approved": "Godkjent", "Active": "Aktiv"}.get(
			group.status, group.status
		),
		"coordinator": coordinator or {},
		"next_meeting": next_meeting(group),
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
			for m in minutes
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
	result = []
	for consent in consents:
		partners = frappe.get_all(
			"Consent Partner",
			filters={"parent": consent.name, "parenttype": "Consent", "withdrawn_on": ("is", "not set")},
			pluck="service_unit",
			order_by="idx",
		)
		result.append(
			{
				"name": consent.name,
				"status": _(consent.status, context="Consent"),
				"signed": formatdate(consent.signed_date, "dd.MM.yyyy") if consent.signed_date else "–",
				"valid_from": formatdate(consent.valid_from, "dd.MM.yyyy"),
				"valid_to": formatdate(consent.valid_to, "dd.MM.yyyy")
				if consent.valid_to
				else "inntil videre",
				"partners": partners,
			}
		)
	return result
