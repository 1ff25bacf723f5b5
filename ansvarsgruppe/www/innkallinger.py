"""Innkallinger: the called meetings of everyone the logged-in family member acts for (R9, R24). They
answer each invitation (coming or not, who comes), propose agenda items and write what they want the group
to know, and see the coordinator's answer to each proposal. Their family's answers only: the person's
own, a parent's or a guardian's (``portal.people.represented``)."""

import frappe
from frappe import _
from frappe.utils import getdate

from ansvarsgruppe.controllers.rules_bridge import today
from ansvarsgruppe.portal.pages import render_body
from ansvarsgruppe.portal.people import page_for_people
from ansvarsgruppe.printing.jinja import ag_meeting_time
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules import voice

no_cache = 1
BODY = "ansvarsgruppe/templates/portal/innkallinger.html"


def get_context(context):
	people = page_for_people(context, "innkallinger", "Innkallinger")
	context.people = [person_context(name) for name in people]
	context.coming, context.not_coming = voice.COMING, voice.NOT_COMING
	context.page_body = render_body(BODY, context)
	return context


def person_context(service_user: str) -> dict:
	full_name = frappe.db.get_value("Service User", service_user, "full_name")
	groups = frappe.get_all(
		"Responsibility Group",
		filters={"service_user": service_user, "status": ("!=", st.GROUP_CLOSED)},
		pluck="name",
	)
	meetings = (
		frappe.get_all(
			"Meeting Minutes",
			filters={
				"group": ("in", groups),
				"status": st.MINUTES_INVITED,
				"meeting_date": (">=", today()),
			},
			fields=["name", "group", "meeting_type", "meeting_date", "start_time", "end_time", "place"],
			order_by="meeting_date asc",
		)
		if groups
		else []
	)
	return {"name": service_user, "full_name": full_name, "meetings": [meeting_context(m) for m in meetings]}


def meeting_context(meeting) -> dict:
	user = frappe.session.user
	agenda = frappe.get_all(
		"Meeting Agenda Item",
		filters={"parent": meeting.name, "parenttype": "Meeting Minutes"},
		pluck="title",
		order_by="idx asc",
	)
	mine = frappe.db.get_value(
		"Meeting Response",
		{"minutes": meeting.name, "responder": user},
		["attendance", "who_comes", "note"],
		as_dict=True,
	)
	family = frappe.get_all(
		"Meeting Response",
		filters={"minutes": meeting.name, "responder": ("!=", user)},
		fields=["responder_name", "attendance", "who_comes", "note"],
	)
	proposals = frappe.get_all(
		"Agenda Proposal",
		filters={"minutes": meeting.name},
		fields=["name", "title", "details", "proposed_by_name", "status", "answer"],
		order_by="creation asc",
	)
	return {
		"name": meeting.name,
		"type": _(meeting.meeting_type),
		"time": ag_meeting_time(getdate(meeting.meeting_date), meeting.start_time, meeting.end_time),
		"place": meeting.place or "",
		"agenda": agenda,
		"mine": mine or {},
		"family": [{**r, "attendance": _(r.attendance)} for r in family],
		"proposals": [{**p, "status_label": _(p.status)} for p in proposals],
	}
