"""Row-level access to the app's records, as matched pairs.

For each DocType, ``*_query`` (hooked as ``permission_query_conditions``) filters lists, reports and
link searches, and ``*_permission`` (hooked as ``has_permission``) guards single documents. Both build
the same ``frappe.qb`` criterion over the record's table, so they cannot drift apart, and every user
value reaches SQL escaped by the query builder.

Who sees what (R5, and the guideline's roles):
- System Manager: everything.
- Coordinating Unit (KE): every IP Application, group and service user (R17); minutes, consents and
  members only like anyone else (as coordinator or member).
- Unit Leader: applications and groups their unit is responsible for (R2); the rest as a member.
- Coordinator: everything about the groups they coordinate.
- Individual plans (R18): like a group's members: its coordinator and covered members.
- Escalations (R14): the coordinator of the group and the unit leader the issue is raised to.
- Everyone else with a desk role: a group, its members and its approved minutes while an approved or
  active member of an open group whose consent in force covers their unit; draft minutes only as
  the minute-taker.
"""

import frappe
from frappe.query_builder import DocType
from frappe.query_builder.functions import Coalesce
from frappe.utils import getdate
from pypika.terms import Criterion, ExistsCriterion

from ansvarsgruppe.rules import members as member_rules
from ansvarsgruppe.rules import status as st

UNRESTRICTED_ROLE = "System Manager"
KE, UNIT_LEADER = "Coordinating Unit", "Unit Leader"


def _unrestricted(user: str, extra_role: str | None = None) -> bool:
	roles = frappe.get_roles(user)
	return (
		user == "Administrator"
		or UNRESTRICTED_ROLE in roles
		or (extra_role in roles if extra_role else False)
	)


def _led_units(user: str):
	unit = DocType("Service Unit").as_("perm_unit")
	return frappe.qb.from_(unit).select(unit.name).where(unit.unit_leader == user)


def member_groups(user: str):
	"""Groups ``user`` may see as a member today: approved or active, within the membership period,
	the group open, and, for staff, their unit covered by the group's consent in force (R5)."""
	today = getdate()
	member = DocType("Group Member").as_("perm_member")
	group = DocType("Responsibility Group").as_("perm_group")
	consent = DocType("Consent").as_("perm_consent")
	partner = DocType("Consent Partner").as_("perm_partner")
	unit_covered = (
		frappe.qb.from_(partner)
		.select(partner.name)
		.where(partner.parent == group.consent)
		.where(partner.parenttype == "Consent")
		.where(partner.service_unit == member.service_unit)
		.where(Coalesce(partner.withdrawn_on, "9999-12-31") > today)
	)
	consent_covers = (
		(consent.status == st.CONSENT_ACTIVE)
		& (consent.valid_from <= today)
		& (Coalesce(consent.valid_to, "9999-12-31") >= today)
		& (Coalesce(consent.withdrawn_on, "9999-12-31") > today)
		& ExistsCriterion(unit_covered)
	)
	return (
		frappe.qb.from_(member)
		.join(group)
		.on(group.name == member.group)
		.left_join(consent)
		.on(consent.name == group.consent)
		.select(member.group)
		.where(member.user == user)
		.where(member.status.isin([st.MEMBER_APPROVED, st.MEMBER_ACTIVE]))
		.where(Coalesce(member.from_date, "1900-01-01") <= today)
		.where(Coalesce(member.to_date, "9999-12-31") >= today)
		.where(group.status != st.GROUP_CLOSED)
		.where(member.member_role.notin(member_rules.PROFESSIONAL_ROLES) | consent_covers)
	)


def coordinated_groups(user: str):
	group = DocType("Responsibility Group").as_("perm_coordinated")
	return frappe.qb.from_(group).select(group.name).where(group.coordinator == user)


# Criteria over each DocType's own table -------------------------------------------------------------


def group_criterion(table, user: str) -> Criterion:
	criterion = (table.coordinator == user) | table.name.isin(member_groups(user))
	if UNIT_LEADER in frappe.get_roles(user):
		criterion |= table.responsible_unit.isin(_led_units(user))
	return criterion


def member_criterion(table, user: str) -> Criterion:
	return table.group.isin(coordinated_groups(user)) | table.group.isin(member_groups(user))


def minutes_criterion(table, user: str) -> Criterion:
	readable_as_member = table.status.isin(list(st.MINUTES_FINAL)) | (table.minute_taker == user)
	return table.group.isin(coordinated_groups(user)) | (
		table.group.isin(member_groups(user)) & readable_as_member
	)


def consent_criterion(table, user: str) -> Criterion:
	group = DocType("Responsibility Group").as_("perm_consent_group")
	coordinated_users = frappe.qb.from_(group).select(group.service_user).where(group.coordinator == user)
	return table.service_user.isin(coordinated_users) | (table.owner == user) | (table.received_by == user)


def application_criterion(table, user: str) -> Criterion:
	criterion = (
		(table.appointed_coordinator == user) | (table.proposed_coordinator == user) | (table.owner == user)
	)
	if UNIT_LEADER in frappe.get_roles(user):
		criterion |= table.responsible_unit.isin(_led_units(user))
	return criterion


def service_user_criterion(table, user: str) -> Criterion:
	group = DocType("Responsibility Group").as_("perm_user_group")
	visible_groups = frappe.qb.from_(group).select(group.service_user).where(group_criterion(group, user))
	return table.name.isin(visible_groups) | (table.owner == user)


def plan_criterion(table, user: str) -> Criterion:
	"""Individual Plan (R18): like the group's details, the coordinator and covered members (R5)."""
	return member_criterion(table, user)


def escalation_criterion(table, user: str) -> Criterion:
	return table.group.isin(coordinated_groups(user)) | (table.unit_leader == user)


# doctype: (criterion, role that sees every record besides System Manager)
RULES = {
	"Responsibility Group": (group_criterion, KE),
	"Group Member": (member_criterion, None),
	"Meeting Minutes": (minutes_criterion, None),
	"Consent": (consent_criterion, None),
	"IP Application": (application_criterion, KE),
	"Service User": (service_user_criterion, KE),
	"Escalation": (escalation_criterion, None),
	"Individual Plan": (plan_criterion, None),
}


def query_conditions(doctype: str, user: str | None) -> str:
	user = user or frappe.session.user
	criterion, all_seeing_role = RULES[doctype]
	if _unrestricted(user, all_seeing_role):
		return ""
	table = DocType(doctype).as_("perm_record")
	visible = frappe.qb.from_(table).select(table.name).where(criterion(table, user))
	return f"`tab{doctype}`.`name` in ({visible.get_sql()})"


def has_record_permission(doc, user: str | None) -> bool | None:
	user = user or frappe.session.user
	criterion, all_seeing_role = RULES[doc.doctype]
	if _unrestricted(user, all_seeing_role) or not doc.name or doc.is_new():
		return None
	table = DocType(doc.doctype).as_("perm_record")
	found = (
		frappe.qb.from_(table).select(table.name).where(table.name == doc.name).where(criterion(table, user))
	)
	return bool(found.run())


# The hooked pairs ---------------------------------------------------------------------------------------


def group_query(user=None):
	return query_conditions("Responsibility Group", user)


def group_permission(doc, ptype=None, user=None, debug=False):
	return has_record_permission(doc, user)


def member_query(user=None):
	return query_conditions("Group Member", user)


def member_permission(doc, ptype=None, user=None, debug=False):
	return has_record_permission(doc, user)


def minutes_query(user=None):
	return query_conditions("Meeting Minutes", user)


def minutes_permission(doc, ptype=None, user=None, debug=False):
	return has_record_permission(doc, user)


def consent_query(user=None):
	return query_conditions("Consent", user)


def consent_permission(doc, ptype=None, user=None, debug=False):
	return has_record_permission(doc, user)


def application_query(user=None):
	return query_conditions("IP Application", user)


def application_permission(doc, ptype=None, user=None, debug=False):
	return has_record_permission(doc, user)


def service_user_query(user=None):
	return query_conditions("Service User", user)


def service_user_permission(doc, ptype=None, user=None, debug=False):
	return has_record_permission(doc, user)


def escalation_query(user=None):
	return query_conditions("Escalation", user)


def escalation_permission(doc, ptype=None, user=None, debug=False):
	return has_record_permission(doc, user)


def plan_query(user=None):
	return query_conditions("Individual Plan", user)


def plan_permission(doc, ptype=None, user=None, debug=False):
	return has_record_permission(doc, user)
