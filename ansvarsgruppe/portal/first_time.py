"""A first-time applicant: a person ID-porten has verified but the app does not know yet may file an
application for themselves, or for their child under 18, and do nothing else.

The log-in makes only a portal account that acts for nobody (named by a keyed hash of the identity number,
never the number itself). The verified number is kept server-side with the session, in the cache, and no
field of the form can set it. When the application is saved, the person it is for is registered with what
the application needs: the applicant themselves (their verified number), or the child with the applicant as
the parent with parental responsibility (the parent's verified number on the relation). KE sees how the
applicant was identified (``identified_by``). A person already registered is answered the same: the
application is filed for a record of what the applicant wrote, which names the registered one
(``registered_as``, seen by KE only), and KE links them."""

import hashlib
import hmac

import frappe
from frappe import _
from frappe.utils.password import get_encryption_key

from ansvarsgruppe.portal.people import ensure_portal_user, is_portal_user, represented

DOMAIN = "idporten.invalid"
MYSELF = "Myself"
MY_CHILD = "My Child"
FIELDS = (
	"new_applicant_for",
	"new_applicant_name",
	"new_applicant_email",
	"new_child_name",
	"new_child_national_id",
)


def _pid_key(sid: str) -> str:
	return f"ag_idporten_applicant:{sid}"


def account_for(pid: str) -> str:
	"""The first-time applicant's portal account for ``pid``: the same one at every log-in."""
	digest = hmac.new(get_encryption_key().encode(), pid.encode(), hashlib.sha256).hexdigest()[:20]
	return ensure_portal_user(f"soker-{digest}@{DOMAIN}", _("New applicant")).name


def is_placeholder(email: str | None) -> bool:
	return bool(email) and email.endswith(f"@{DOMAIN}")


def remember_pid(pid: str, seconds: int):
	frappe.cache.set_value(_pid_key(frappe.session.sid), pid, expires_in_sec=seconds)


def verified_pid() -> str | None:
	"""The identity number ID-porten verified for this session's first-time applicant, or None."""
	sid = getattr(frappe.session, "sid", None)
	return frappe.cache.get_value(_pid_key(sid)) if sid and sid != "Guest" else None


def is_first_time_applicant() -> bool:
	"""A portal user who acts for nobody yet, with a number verified by ID-porten in this session."""
	return is_portal_user() and not represented(applying=True) and bool(verified_pid())


def identified_by() -> str:
	from ansvarsgruppe.portal.idporten import current_login

	login = current_login() or {}
	return _("ID-porten, first time, level {0} ({1}); {2}").format(
		login.get("acr") or "", login.get("amr") or "", login.get("ids") or ""
	)


def register(doc):
	"""Before a first-time applicant's application is checked: the person it is for is registered and the
	application filed for them; refused, with nothing saved, when the form asks for anything else."""
	pid = verified_pid()
	if not pid:
		frappe.throw(
			_(
				"Log in with ID-porten to apply. Without ID-porten, send the application on paper to the municipality."
			),
			frappe.PermissionError,
		)
	from ansvarsgruppe.ansvarsgruppe.doctype.service_user.service_user import parse_national_id
	from ansvarsgruppe.controllers.rules_bridge import get_settings, today
	from ansvarsgruppe.rules.dates import is_minor

	name = (doc.new_applicant_name or "").strip()
	if not name:
		frappe.throw(_("Write your full name."), frappe.ValidationError)
	email = (doc.new_applicant_email or "").strip() or None
	if doc.new_applicant_for == MYSELF:
		person = {"full_name": name, "national_id": pid, "email": email}
		number = pid
	elif doc.new_applicant_for == MY_CHILD:
		child_name = (doc.new_child_name or "").strip()
		if not child_name or not doc.new_child_national_id:
			frappe.throw(_("Write the child's name and identity number."), frappe.ValidationError)
		number = parse_national_id(doc.new_child_national_id).number
		if number == pid:
			frappe.throw(_("The child's identity number cannot be your own."), frappe.ValidationError)
		birth = parse_national_id(number).birth_date
		if not is_minor(birth, today(), int(get_settings().consent_age_limit or 18)):
			frappe.throw(
				_("You can apply for your child under 18. An adult applies for themselves."),
				frappe.ValidationError,
			)
		person = {
			"full_name": child_name,
			"national_id": number,
			"relations": [
				{
					"full_name": name,
					"relation_type": "Parent",
					"has_parental_responsibility": 1,
					"stated_by_applicant": 1,
					"national_id": pid,
					"email": email,
					"portal_user": frappe.session.user,
				}
			],
		}
	else:
		frappe.throw(_("Choose whom you apply for."), frappe.ValidationError)
	known = frappe.db.get_value("Service User", {"national_id": number}, "name")
	if known:
		# The person is already known: their record is not opened to a new log-in, and the applicant is not
		# told it exists. The application is filed as for anyone else, for a record of what they wrote; KE
		# links it to the registered person.
		person.update(national_id=None, birth_date=parse_national_id(number).birth_date, registered_as=known)
	service_user = frappe.get_doc({"doctype": "Service User", **person})
	if doc.new_applicant_for == MYSELF:
		service_user.portal_user = frappe.session.user
	service_user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", frappe.session.user)
	first, _sep, last = name.partition(" ")
	user.first_name, user.last_name = first, last
	user.flags.ignore_permissions = True
	user.save()
	doc.service_user = service_user.name
	doc.identified_by = identified_by()
	doc.new_child_national_id = None


def refuse_fields(doc):
	"""Outside a first-time application the new applicant's fields say nothing."""
	if any(doc.get(f) for f in FIELDS):
		frappe.throw(_("These fields are only for a first-time applicant."), frappe.ValidationError)


FORM = "/soknad-om-ip/new"


def landing(redirect_to: str | None) -> str:
	"""Where a first-time applicant lands: the application form (the only thing they may do)."""
	return redirect_to if (redirect_to or "").startswith("/soknad-om-ip") else FORM
