"""Nobody creates or changes a record so that it gives them access they did not have (R2, R3, R5).

Access follows a few fields: the group's coordinator, person and responsible unit, a member's user, the
minute-taker, the application's appointed coordinator, a unit's leader, whoever received a record
(``records.py`` reads them; ``registry.PROTECTED`` names them as ``self_fields``). ``GRANTS`` gives each
such field its policy (``rules/grants.py``), and ``check_grants`` holds a document about to be saved to
them, whatever road it came by (the desk, ``set_value``, REST, a web form, a data import): the controllers
call it first thing in ``validate``. Administrator and System Manager are not held.
"""

import frappe
from frappe import _

from ansvarsgruppe.permissions import records
from ansvarsgruppe.permissions.registry import UNIT_LEADER
from ansvarsgruppe.rules import Problem, appointments
from ansvarsgruppe.rules import grants as g
from ansvarsgruppe.rules import status as st

# DocType: {field: policy}. Every ``self_fields`` of the registry is here (a test holds them together), but
# ``owner``: Frappe sets it to whoever creates the record and never lets it change (set only once).
GRANTS = {
	"Responsibility Group": {
		"service_user": g.FIXED,
		"coordinator": g.APPOINTMENT,
		"responsible_unit": g.NOT_SELF,
	},
	"IP Application": {
		"appointed_coordinator": g.LEADER_APPOINTS,
		"proposed_coordinator": g.SELF_IF_READS_RECORD,
		"responsible_unit": g.NOT_SELF,
	},
	"Consent": {"received_by": g.SELF_IF_READS_RECORD},
	"Meeting Minutes": {"minute_taker": g.SELF_IF_CHANGES_RECORD},
	"Escalation": {"unit_leader": g.SELF_IF_READS_RECORD},
	"Group Member": {"user": g.SELF_IF_SEES_GROUP},
	"Service Unit": {"unit_leader": g.NOT_SELF},
}
# Fields that name a unit: they name whoever leads it.
UNIT_FIELDS = {"responsible_unit"}
# The group's appointments of its coordinator, written by the appointment only.
APPOINTMENTS_TABLE = "coordinator_appointments"


def refuse(problems: list[Problem]):
	"""A 403 listing the problems, in the user's language; nothing is written."""
	problems = [p for p in problems if p]
	if problems:
		messages = [p.format(_) for p in problems]
		message = messages[0] if len(messages) == 1 else "<br>".join(messages)
		frappe.throw(message, frappe.PermissionError, title=_("Not allowed"))


def unit_leader_of(unit: str | None) -> str | None:
	return frappe.db.get_value("Service Unit", unit, "unit_leader") if unit else None


def _label(doctype: str, field: str) -> str:
	df = frappe.get_meta(doctype).get_field(field)
	return df.label if df else field


def self_grant_problem_for(doctype: str, field: str) -> Problem:
	return g.self_grant_problem(_label(doctype, field))


def _values(doc, fields) -> dict:
	return {f: doc.get(f) for f in fields}


def check_grants(doc):
	"""Called first in the ``validate`` of each DocType in ``GRANTS``: refuses (403) a document that sets
	a field granting access against its policy. ``doc.flags.coordinator_appointment`` (set in-process by
	``permissions/appointments.py`` only; a client cannot send flags) lets the appointment through."""
	user = frappe.session.user
	if records.has_unrestricted_access(user):
		return
	policies = GRANTS[doc.doctype]
	stored = None if doc.is_new() else doc.get_doc_before_save()
	before = None if stored is None else _values(stored, policies)
	after = _values(doc, policies)
	label = lambda field: _label(doc.doctype, field)  # noqa: E731

	def names(field):
		if field in UNIT_FIELDS:
			return lambda unit: unit_leader_of(unit) == user
		return lambda value: value == user

	appointment = doc.flags.coordinator_appointment
	problems = g.fixed_problems(before, after, [f for f, p in policies.items() if p == g.FIXED], label)
	for field, policy in policies.items():
		if policy == g.APPOINTMENT:
			if g.changed(before, after, field) and not (
				appointment and appointment.coordinator == doc.get(field)
			):
				problems.append(_coordinator_outside_appointment(before))
		elif policy == g.LEADER_APPOINTS:
			if g.changed(before, after, field):
				problems += _leader_appoints(doc, stored, user)
		elif not g.newly_named(before, after, field, names(field)):
			continue
		elif policy == g.NOT_SELF and not appointment:
			problems.append(g.self_grant_problem(label(field)))
		elif policy == g.SELF_IF_READS_RECORD and stored is not None:
			if not frappe.has_permission(doc.doctype, "read", doc=doc.name, user=user):
				problems.append(g.self_grant_problem(label(field)))
		elif policy == g.SELF_IF_CHANGES_RECORD and stored is not None:
			if not frappe.has_permission(doc.doctype, "write", doc=doc.name, user=user):
				problems.append(g.self_grant_problem(label(field)))
		elif policy == g.SELF_IF_SEES_GROUP:
			if not (doc.get("group") and records.takes_part(user, doc.group)):
				problems.append(g.self_grant_problem(label(field)))
	if doc.doctype == "Responsibility Group":
		problems += _appointments_kept(doc, stored)
	if doc.doctype == "Service Unit" and g.changed(before, after, "unit_leader") and doc.unit_leader:
		if UNIT_LEADER not in frappe.get_roles(doc.unit_leader):
			problems.append(Problem("R2", "The unit's leader must hold the Unit Leader role."))
	refuse(problems)


def _coordinator_outside_appointment(before) -> Problem:
	if before is None:
		return Problem(
			"R2",
			"A new responsibility group gets its coordinator when the responsible unit's leader appoints one.",
		)
	return Problem(
		"R2",
		"The coordinator changes only by appointment: the leader of the responsible unit uses «Appoint"
		" Coordinator» on the group.",
	)


def _leader_appoints(application, stored, user: str) -> list[Problem]:
	"""R2: the application's coordinator is chosen by the responsible unit's leader, among the coordinators,
	before the appointment; afterwards the coordinator changes on the group."""
	if stored is not None and stored.status in (st.APPLICATION_APPOINTED, st.APPLICATION_CLOSED):
		return [
			Problem(
				"R2",
				"The coordinator has been appointed; a new one is appointed on the responsibility group.",
			)
		]
	leader = unit_leader_of(application.responsible_unit)
	problems = appointments.appointer_problems(user, leader, False, UNIT_LEADER in frappe.get_roles(user))
	if problems or not application.appointed_coordinator:
		return problems
	return appointee_problems(user, application.appointed_coordinator, unrestricted=False)


def appointee_problems(appointer: str, appointee: str | None, unrestricted: bool) -> list[Problem]:
	"""R2, R3: ``appointee`` may be appointed coordinator by ``appointer``."""
	exists = bool(appointee) and bool(frappe.db.exists("User", appointee))
	return appointments.appointee_problems(
		appointer,
		appointee,
		frappe.get_roles(appointee) if exists else (),
		bool(exists and frappe.db.get_value("User", appointee, "enabled")),
		unrestricted,
	)


def _appointments_kept(group, stored) -> list[Problem]:
	before = [row.as_dict() for row in (stored.get(APPOINTMENTS_TABLE) if stored else [])]
	after = [row.as_dict() for row in group.get(APPOINTMENTS_TABLE)]
	if appointments.rows_kept(before, after):
		return []
	return [Problem("R2", "The coordinator's appointments are recorded by the app and cannot be changed.")]
