"""The helpers the print formats' Jinja templates call (hooks.py ``jinja``): Norwegian dates, labels, the
context of each print format."""

import frappe
from frappe.utils import get_fullname, now_datetime

from ansvarsgruppe.controllers.rules_bridge import get_settings
from ansvarsgruppe.permissions import side_channels
from ansvarsgruppe.printing.formats import PRINT_LANGUAGE
from ansvarsgruppe.rules import answers, norwegian, plans
from ansvarsgruppe.rules import minutes as minutes_rules


def ag_meeting_time(day, start=None, end=None) -> str:
	"""``torsdag 12. mars 2026 kl. 10.00–11.30``"""
	return norwegian.meeting_time(day, start, end)


def ag_label(value) -> str:
	"""A stored option value (``Sent regrets``, ``Parent``) in Norwegian, whatever the reader's language."""
	return frappe._(value, lang=PRINT_LANGUAGE) if value else ""


def ag_user_name(user) -> str:
	return get_fullname(user) if user else ""


def ag_context(doc) -> dict:
	"""What a print format needs beyond the document's own fields."""
	municipality = (get_settings().municipality_name or "").strip()
	context = frappe._dict(
		municipality=municipality or "kommunen",
		place=municipality.removesuffix(" kommune").strip() if municipality else "",
		printed_on=now_datetime().date(),
	)
	builder = {
		"Consent": _consent_context,
		"IP Application": _application_context,
		"Meeting Minutes": _minutes_context,
		"Individual Plan": _plan_context,
	}.get(doc.doctype)
	if builder:
		context.update(builder(doc))
	return context


def _person(service_user: str | None) -> frappe._dict:
	fields = ["full_name", "national_id", "birth_date", "address", "phone", "email"]
	person = (
		frappe.db.get_value("Service User", service_user, fields, as_dict=True) if service_user else None
	) or frappe._dict()
	# only for a reader with the field's permission level on this person (the desk hides it from the rest)
	visible = person.national_id and side_channels.may_see_national_id(service_user)
	person.national_id = norwegian.national_id(person.national_id) if visible else ""
	return person


def _relation(service_user: str | None, relation: str | None) -> frappe._dict:
	if not (service_user and relation):
		return frappe._dict()
	return (
		frappe.db.get_value(
			"Service User Relation",
			{"name": relation, "parent": service_user, "parenttype": "Service User"},
			["full_name", "relation_type", "is_guardian"],
			as_dict=True,
		)
		or frappe._dict()
	)


SIGNATURE_LEVELS = {"idporten-loa-high": "høyt", "idporten-loa-substantial": "betydelig"}


def _date_and_time(value) -> str:
	"""``12.03.2026 kl. 10.00``"""
	if not value:
		return ""
	moment = frappe.utils.get_datetime(value)
	return f"{frappe.utils.format_date(moment, 'dd.MM.yyyy')} kl. {moment:%H.%M}"


def _consent_context(doc) -> dict:
	relation = _relation(doc.service_user, doc.signed_by_relation)
	return {
		"person": _person(doc.service_user),
		"signer_role": ag_label(relation.relation_type)
		if relation
		else ("Søker/bruker" if doc.signed_by_kind else ""),
		"signature_level": SIGNATURE_LEVELS.get(
			doc.get("digital_signature_level"), doc.get("digital_signature_level") or ""
		),
		"signed_at": _date_and_time(doc.get("digitally_signed_at")),
		"authenticated_at": _date_and_time(doc.get("digital_signature_auth_time")),
		"withdrawal_authenticated_at": _date_and_time(doc.get("withdrawal_auth_time")),
		"employee": ag_user_name(doc.received_by),
		"employee_unit": doc.received_by_unit or doc.collecting_unit or "",
		"active_partners": [p for p in doc.partners if not p.withdrawn_on],
		"withdrawn_partners": [p for p in doc.partners if p.withdrawn_on],
	}


def _application_context(doc) -> dict:
	relation = _relation(doc.service_user, doc.applicant_relation)
	return {
		"person": _person(doc.service_user),
		"applicant_role": ag_label(relation.relation_type) if relation else "Bruker selv",
		"wants_plan": doc.applied_for in ("Individual Plan", "Both"),
		"wants_coordinator": doc.applied_for in ("Coordinator", "Both"),
		"proposed_coordinator": ag_user_name(doc.proposed_coordinator),
		"appointed_coordinator": ag_user_name(doc.appointed_coordinator),
		"unit_leader": ag_user_name(doc.responsible_unit_leader),
		"answer_days": int(get_settings().application_answer_days or 30),
		"answer": _answer_context(doc, relation),
	}


APPLIED_FOR = {
	"Coordinator": "koordinator",
	"Individual Plan": "individuell plan",
	"Both": "individuell plan og koordinator",
}


def _answer_context(doc, relation) -> frappe._dict:
	"""The letter to the applicant (print format "Svar på søknad om individuell plan og koordinator")."""
	settings = get_settings()
	decided = doc.status in answers.ANSWERED or doc.status == "Closed"
	coordinator = (
		frappe.db.get_value("User", doc.appointed_coordinator, ["email", "phone", "mobile_no"], as_dict=True)
		if doc.appointed_coordinator
		else None
	) or frappe._dict()
	applied_for = APPLIED_FOR.get(doc.applied_for, "")
	received = frappe.utils.getdate(doc.date_received) if doc.date_received else now_datetime().date()
	return frappe._dict(
		decided=decided,
		granted=doc.status in answers.GRANTED,
		applied_for=applied_for[:1].upper() + applied_for[1:],
		applied_for_lower=applied_for,
		granted_text=applied_for,
		letter_date=(doc.decision_letter_on if decided else doc.interim_answer_on) or now_datetime().date(),
		expected_by=frappe.utils.add_days(received, int(settings.application_answer_days or 30)),
		address="" if relation else (_person(doc.service_user).address or ""),
		coordinator_email=coordinator.email or "",
		coordinator_phone=coordinator.phone or coordinator.mobile_no or "",
		ke_email=settings.coordinating_unit_email or "",
		channel_text="i post" if doc.answer_channel == answers.POST else "i familieportalen",
	)


def _plan_context(doc) -> dict:
	group = frappe.db.get_value("Responsibility Group", doc.group, ["responsible_unit"], as_dict=True)
	members = frappe.get_all(
		"Group Member",
		filters={"group": doc.group, "status": ("in", ["Approved", "Active"])},
		fields=["full_name", "member_role", "service_unit"],
		order_by="creation asc",
	)
	person = _person(doc.service_user)
	return {
		"person": frappe._dict(full_name=person.full_name, birth_date=person.birth_date),
		"coordinator": ag_user_name(doc.coordinator),
		"child_coordinator": bool(
			frappe.db.get_value("Responsibility Group", doc.group, "child_coordinator")
		),
		"approved_by": ag_user_name(doc.approved_by),
		"responsible_unit": (group.responsible_unit if group else "") or "",
		"members": members,
		"goal_rows": plans.ordered_goals(doc.goals, own_first=True),
		"is_draft": doc.status in ("Draft", "Under Revision"),
	}


def _family_proposals(minutes: str | None) -> list:
	"""R24: the items the family proposed for the meeting, with the coordinator's answer."""
	if not minutes:
		return []
	return frappe.get_all(
		"Agenda Proposal",
		filters={"minutes": minutes},
		fields=["title", "proposed_by_name", "status", "answer"],
		order_by="creation asc",
	)


def _minutes_context(doc) -> dict:
	def by_attendance(*values):
		return [p for p in doc.participants if (p.attendance or "") in values]

	coordinator = doc.coordinator or frappe.db.get_value("Responsibility Group", doc.group, "coordinator")
	previous = (
		frappe.db.get_value("Meeting Minutes", doc.previous_minutes, ["meeting_date", "status"], as_dict=True)
		if doc.previous_minutes
		else None
	)
	return {
		"coordinator": ag_user_name(coordinator),
		"coordinator_email": frappe.db.get_value("User", coordinator, "email") if coordinator else "",
		"minute_taker": ag_user_name(doc.minute_taker),
		"next_minute_taker": ag_user_name(doc.next_minute_taker),
		"approved_by": ag_user_name(doc.approved_by),
		"responsible_unit": frappe.db.get_value("Responsibility Group", doc.group, "responsible_unit") or "",
		"present": by_attendance("Present"),
		"sent_regrets": by_attendance("Sent regrets"),
		"absent": by_attendance("Absent"),
		"not_recorded": by_attendance(""),
		"previous_date": norwegian.short_date(previous.meeting_date) if previous else "",
		"is_pre_meeting": doc.meeting_type == minutes_rules.PRE_MEETING,
		"is_closing": doc.meeting_type == minutes_rules.CLOSING,
		"is_final": minutes_rules.is_final(doc.status),
		"excluded_topics": minutes_rules.EXCLUDED_TOPICS,
		"family_proposals": _family_proposals(doc.name),
		"child_coordinator": bool(
			frappe.db.get_value("Responsibility Group", doc.group, "child_coordinator")
		),
		"excluded_topic_remedies": minutes_rules.EXCLUDED_TOPIC_REMEDIES,
		"status_round_minutes": minutes_rules.STATUS_ROUND_MINUTES,
		"r11_parts": minutes_headings(),
		"status_round": plans.status_round(
			[{"user": p.user, "name": p.participant_name} for p in doc.participants],
			[{**row.as_dict(), "status": row.status_before} for row in doc.measure_updates],
		),
	}


def minutes_headings() -> list[str]:
	"""The nine parts of the minutes, numbered, as the printed minutes' headings."""
	return [f"{number}. {ag_label(part)}" for number, part in enumerate(minutes_rules.MINUTES_PARTS, 1)]
