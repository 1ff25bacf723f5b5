"""Whitelisted actions around the family portal: inviting the family, withdrawing a consent."""

import frappe
from frappe import _
from frappe.utils import getdate

from ansvarsgruppe.controllers.rules_bridge import get_settings, throw_problems, today
from ansvarsgruppe.portal import idporten
from ansvarsgruppe.portal.people import ensure_portal_user, is_portal_user, portal_party
from ansvarsgruppe.rules import RuleViolation
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.portal import invitation_problem


@frappe.whitelist()
def invite(service_user: str, relation: str | None = None) -> str:
	"""The coordinator invites the person (from the portal age) or a parent/guardian to the portal."""
	_check_may_invite(service_user)
	person = frappe.get_doc("Service User", service_user)
	if relation:
		row = next((r for r in person.relations if r.name == relation), None)
		if not row:
			frappe.throw(_("Choose one of the service user's relations."), frappe.ValidationError)
		party = {"kind": "Relation", **row.as_dict()}
		full_name, email, linked = row.full_name, row.email, row.portal_user
	else:
		party = {"kind": "Service User", "email": person.email}
		full_name, email, linked = person.full_name, person.email, person.portal_user
	if linked:
		frappe.throw(_("{0} already has a portal account.").format(full_name), frappe.ValidationError)
	settings = get_settings()
	throw_problems(
		[
			invitation_problem(
				party,
				getdate(person.birth_date) if person.birth_date else None,
				today(),
				int(settings.consent_age_limit or 18),
				int(settings.portal_age or 16),
			)
		]
	)
	user = ensure_portal_user(email, full_name)
	if relation:
		frappe.db.set_value("Service User Relation", relation, "portal_user", user.name)
	else:
		frappe.db.set_value("Service User", service_user, "portal_user", user.name)
	_send_invitation(user, service_user)
	return user.name


def _check_may_invite(service_user: str):
	user = frappe.session.user
	roles = set(frappe.get_roles(user))
	coordinates = frappe.db.exists(
		"Responsibility Group",
		{"service_user": service_user, "coordinator": user, "status": ("in", st.GROUP_OPEN)},
	)
	if not (coordinates or roles & {"System Manager", "Coordinating Unit"} or user == "Administrator"):
		frappe.throw(_("Only the group's coordinator can invite to the portal."), frappe.PermissionError)


def _send_invitation(user, service_user: str):
	idporten_only = not idporten.password_login_allowed()
	link = frappe.utils.get_url("/logg-inn") if idporten_only else user.reset_password(send_email=False)
	frappe.sendmail(
		recipients=[user.name],
		subject="Invitasjon til familieportalen for ansvarsgrupper",
		template="portal_invitation",
		args={"first_name": user.first_name or "", "link": link, "idporten_only": idporten_only},
		reference_doctype="Service User",
		reference_name=service_user,
	)


@frappe.whitelist()
def withdraw_consent(consent: str, reason: str, service_unit: str | None = None) -> str:
	"""Withdraw a consent wholly, or for one partner; it takes effect at once (R4, R5)."""
	doc = frappe.get_doc("Consent", consent)
	if is_portal_user():
		portal_party(doc.service_user)
	else:
		doc.check_permission("write")
	if not (reason or "").strip():
		frappe.throw(_("Give a reason for the withdrawal."), frappe.ValidationError)
	if doc.status == st.CONSENT_WITHDRAWN:
		frappe.throw(_("The consent is already withdrawn."), frappe.ValidationError)
	if service_unit:
		row = next((p for p in doc.partners if p.service_unit == service_unit and not p.withdrawn_on), None)
		if not row:
			frappe.throw(_("This partner is not in the consent."), frappe.ValidationError)
		row.withdrawn_on, row.withdrawal_reason = today(), reason
	else:
		doc.withdrawn_on, doc.withdrawal_reason = today(), reason
	if is_portal_user():
		doc.sign_withdrawal()
	doc.flags.ignore_permissions = True
	try:
		doc.save()
	except RuleViolation as violation:
		throw_problems([violation.problem])
	return doc.status
