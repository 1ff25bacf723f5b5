"""Who a Family Portal User is and whom they act for (R1, R4)."""

import frappe
from frappe import _
from frappe.permissions import get_roles
from frappe.query_builder import DocType
from frappe.utils import getdate

from ansvarsgruppe.controllers.rules_bridge import get_settings, today
from ansvarsgruppe.rules.dates import is_minor
from ansvarsgruppe.setup.roles import DESK_ROLES, PORTAL_ROLE

STAFF_ROLES = {"System Manager", *DESK_ROLES}


def is_portal_user(user: str | None = None) -> bool:
	"""A family member or the person: the portal role and none of the staff roles."""
	user = user or frappe.session.user
	roles = set(get_roles(user))  # also while a log-in has no session yet
	return user not in ("Guest", "Administrator") and PORTAL_ROLE in roles and not roles & STAFF_ROLES


def represented(user: str | None = None, applying: bool = False) -> dict[str, dict]:
	"""The service users ``user`` acts for, each with how: ``{"kind": "Service User"}`` or a relation.
	A parental responsibility only stated by a first-time applicant, not yet checked by KE, counts only
	``applying`` (the application and its answer)."""
	user = user or frappe.session.user
	person = DocType("Service User")
	relation = DocType("Service User Relation")
	result = {
		row.name: {"kind": "Service User", "relation": None}
		for row in frappe.qb.from_(person)
		.select(person.name)
		.where(person.portal_user == user)
		.run(as_dict=True)
	}
	rows = (
		frappe.qb.from_(relation)
		.join(person)
		.on(person.name == relation.parent)
		.select(
			relation.parent,
			relation.name,
			relation.has_parental_responsibility,
			relation.is_guardian,
			relation.stated_by_applicant,
			person.birth_date,
		)
		.where(relation.portal_user == user)
		.where(relation.parenttype == "Service User")
		.run(as_dict=True)
	)
	age_limit = int(get_settings().consent_age_limit or 18)
	for row in rows:
		minor = bool(row.birth_date) and is_minor(getdate(row.birth_date), today(), age_limit)
		if row.stated_by_applicant and not applying:
			continue
		if row.is_guardian or (row.has_parental_responsibility and minor):
			result.setdefault(
				row.parent,
				{"kind": "Relation", "relation": row.name, "stated": bool(row.stated_by_applicant)},
			)
	return result


def page_for_people(context, route: str, title: str, applying: bool = False) -> dict[str, dict]:
	"""Start a portal page: guests go to the log-in page; returns the people the user acts for."""
	if frappe.session.user == "Guest":
		from ansvarsgruppe.portal.idporten import is_enabled

		login_page = "/logg-inn" if is_enabled() else "/login"
		frappe.local.flags.redirect_location = f"{login_page}?redirect-to=/{route}"
		raise frappe.Redirect(302)
	context.no_breadcrumbs = True
	context.title = title
	return represented(applying=applying)


def portal_party(service_user: str, applying: bool = False) -> dict:
	"""How the logged-in portal user acts for ``service_user``; refused if they do not (R1)."""
	party = represented(applying=applying).get(service_user)
	if not party:
		frappe.throw(
			_(
				"You can only act for yourself or for a person you are registered as parent with parental"
				" responsibility or guardian for."
			),
			frappe.PermissionError,
		)
	return party


def ensure_portal_user(email: str, full_name: str):
	"""The portal-only account for ``email`` with the portal role, made if missing."""
	if frappe.db.exists("User", email):
		user = frappe.get_doc("User", email)
	else:
		first, _sep, last = full_name.partition(" ")
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first,
				"last_name": last,
				"user_type": "Website User",
				"language": "no",
				"send_welcome_email": 0,
			}
		)
		user.insert(ignore_permissions=True)
	user.flags.ignore_permissions = True
	user.add_roles(PORTAL_ROLE)
	return user
