"""The family portal: who a Family Portal User acts for, what they may see, and their few actions.

A portal user is linked either as the service user (``Service User.portal_user``) or as one of their
relations (``Service User Relation.portal_user``). They act for a person only while the representation
rules allow it (R1, R4): themselves, a child under the age limit they have parental responsibility
for, or a ward.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import getdate

from ansvarsgruppe.controllers.rules_bridge import get_settings, throw_problems, today
from ansvarsgruppe.rules import RuleViolation
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.dates import is_minor
from ansvarsgruppe.rules.portal import invitation_problem

PORTAL_ROLE = "Family Portal User"
STAFF_ROLES = {"System Manager", "Coordinating Unit", "Unit Leader", "Coordinator", "Group Participant"}


def is_portal_user(user: str | None = None) -> bool:
	"""A family member or the person: the portal role and none of the staff roles."""
	user = user or frappe.session.user
	roles = set(frappe.get_roles(user))
	return user not in ("Guest", "Administrator") and PORTAL_ROLE in roles and not roles & STAFF_ROLES


def represented(user: str | None = None) -> dict[str, dict]:
	"""The service users ``user`` acts for, each with how: ``{"kind": "Service User"}`` or a relation."""
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
			person.birth_date,
		)
		.where(relation.portal_user == user)
		.where(relation.parenttype == "Service User")
		.run(as_dict=True)
	)
	age_limit = int(get_settings().consent_age_limit or 18)
	for row in rows:
		minor = bool(row.birth_date) and is_minor(getdate(row.birth_date), today(), age_limit)
		if row.is_guardian or (row.has_parental_responsibility and minor):
			result.setdefault(row.parent, {"kind": "Relation", "relation": row.name})
	return result


def page_for_people(context, route: str, title: str) -> dict[str, dict]:
	"""Start a portal page: guests go to the log-in page; returns the people the user acts for."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = f"/login?redirect-to=/{route}"
		raise frappe.Redirect
	context.no_breadcrumbs = True
	context.title = title
	return represented()


def portal_party(service_user: str) -> dict:
	"""How the logged-in portal user acts for ``service_user``; refused if they do not (R1)."""
	party = represented().get(service_user)
	if not party:
		frappe.throw(
			_(
				"You can only act for yourself or for a person you are registered as parent with parental"
				" responsibility or guardian for."
			),
			frappe.PermissionError,
		)
	return party


# has_website_permission hooks ----------------------------------------------------------------------


def _service_user_of(doc) -> str | None:
	if doc.doctype == "Service User":
		return doc.name
	if doc.doctype == "Meeting Minutes":
		return frappe.db.get_value("Responsibility Group", doc.group, "service_user")
	return doc.get("service_user")


def has_website_permission(doc, ptype=None, user=None, verbose=False):
	user = user or frappe.session.user
	if user == "Guest" or not is_portal_user(user):
		return False
	if doc.doctype == "Service User":
		# The portal shows the person through its own pages, never the whole record (print, PDF), which
		# holds the relatives' contact details and staff-only fields.
		return False
	if doc.doctype == "Meeting Minutes" and doc.status not in st.MINUTES_FINAL:
		return False  # drafts never reach the portal
	if doc.doctype == "Individual Plan" and doc.status == "Draft":
		return False
	return _service_user_of(doc) in represented(user)


# Actions -------------------------------------------------------------------------------------------------


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


def _send_invitation(user, service_user: str):
	link = user.reset_password(send_email=False)
	frappe.sendmail(
		recipients=[user.name],
		subject="Invitasjon til familieportalen for ansvarsgrupper",
		message=(
			f"<p>Hei {frappe.utils.escape_html(user.first_name or '')},</p>"
			"<p>Du er invitert til kommunens portal for ansvarsgrupper. Der kan du søke om individuell plan"
			" og koordinator, gi eller trekke tilbake samtykke, følge ansvarsgruppen og se hvem som har sett"
			" på opplysningene.</p>"
			f'<p><a href="{link}">Velg passord og logg inn</a></p>'
			"<p>Lenken virker i et begrenset tidsrom. Ta kontakt med koordinator om du trenger hjelp.</p>"
		),
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
	doc.flags.ignore_permissions = True
	try:
		doc.save()
	except RuleViolation as violation:
		throw_problems([violation.problem])
	return doc.status


# The portal's web forms ----------------------------------------------------------------------------------

# The app's web forms and the DocTypes they file.
PORTAL_WEB_FORMS = {"samtykke": "Consent", "soknad-om-ip": "IP Application"}


@frappe.whitelist(allow_guest=True)
def accept_web_form(web_form, data):
	"""Frappe's web form submit; the app's forms are marked as the portal road while they save, so that the
	controllers refuse anyone but a portal user acting for the person (``check_portal_road``)."""
	from frappe.website.doctype.web_form.web_form import accept

	frappe.flags.portal_web_form = web_form in PORTAL_WEB_FORMS
	try:
		return accept(web_form, data)
	finally:
		frappe.flags.portal_web_form = False


def check_portal_road(doc):
	"""A document filed through the portal's web forms (inserted with ``ignore_permissions``) is filed by a
	portal user acting for its person (R1, R4), never by staff, whoever they are."""
	if not frappe.flags.portal_web_form:
		return
	if not is_portal_user():
		frappe.throw(
			_("This form is for the person and their family in the portal. Register it in the desk instead."),
			frappe.PermissionError,
		)
	portal_party(doc.get("service_user"))
