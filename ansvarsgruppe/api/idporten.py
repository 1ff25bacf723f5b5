"""The family portal's log-in and log-out with ID-porten (``ansvarsgruppe/portal/idporten.py``)."""

import frappe
from frappe.utils import escape_html

from ansvarsgruppe.portal import first_time, idporten

UNKNOWN_TITLE = "Vi fant deg ikke i familieportalen"
UNKNOWN_TEXT = (
	"Du er logget inn med ID-porten, men fødselsnummeret ditt er ikke registrert for noen i kommunens"
	" familieportal for ansvarsgrupper. Ta kontakt med koordinatoren for ansvarsgruppen for å bli"
	" registrert og invitert til portalen."
)
NO_PID_TITLE = "Innlogging uten norsk fødselsnummer"
NO_PID_TEXT = (
	"Du logget inn med en elektronisk ID som ikke har norsk fødselsnummer eller D-nummer, for eksempel en"
	" utenlandsk eID (eIDAS). Familieportalen finner deg bare med fødselsnummer eller D-nummer. Logg inn"
	" med BankID, Buypass, Commfides eller MinID, eller ta kontakt med koordinatoren for ansvarsgruppen,"
	" som kan gi deg samtykkeskjemaet på papir."
)
REFUSED_TITLE = "Innloggingen ble avvist"
REFUSED_TEXT = (
	"Vi kunne ikke logge deg inn med ID-porten. Prøv igjen fra innloggingssiden. Hvis det ikke går,"
	" ta kontakt med koordinatoren for ansvarsgruppen."
)


def _redirect(location: str):
	frappe.local.response["type"] = "redirect"
	frappe.local.response["location"] = location


def _page(title: str, text: str, status: int):
	frappe.respond_as_web_page(
		title,
		f"<p>{escape_html(text)}</p>",
		http_status_code=status,
		indicator_color="red",
		primary_action="/logg-inn",
		primary_label="Til innloggingssiden",
	)


def _log(title: str, reason: str):
	frappe.log_error(title=title, message=reason)
	frappe.db.commit()


@frappe.whitelist(allow_guest=True, methods=["GET"])
def login(redirect_to: str | None = None, fresh: str | None = None):
	"""Start the log-in: the browser goes to ID-porten's authorization endpoint; ``fresh`` (to sign) has
	the person authenticate again."""
	try:
		_redirect(idporten.start(redirect_to, fresh=bool(fresh) and fresh not in ("0", "false")))
	except Exception as error:
		_log("ID-porten: innlogging kunne ikke starte", f"{type(error).__name__}: {error}")
		_page(REFUSED_TITLE, REFUSED_TEXT, 503)


@frappe.whitelist(allow_guest=True, methods=["GET"])
def callback(
	code: str | None = None,
	state: str | None = None,
	error: str | None = None,
	error_description: str | None = None,
	**kwargs,
):
	"""ID-porten sends the browser back here with the code: verified, the portal user is logged in."""
	browser = frappe.request.cookies.get(idporten.FLOW_COOKIE)
	frappe.local.cookie_manager.delete_cookie(idporten.FLOW_COOKIE)
	if error:
		_log("ID-porten: innlogging avvist", f"the provider answered {error}: {error_description or ''}")
		_page(REFUSED_TITLE, REFUSED_TEXT, 401)
		return
	try:
		user, claims, redirect_to = idporten.finish(state, code, browser)
	except idporten.NoIdentityNumber as foreign:
		_log("ID-porten: innlogging uten fødselsnummer", foreign.reason)
		_page(NO_PID_TITLE, NO_PID_TEXT, 403)
		return
	except idporten.FirstTimeApplicant as applicant:
		_log("ID-porten: ny søker", applicant.reason)
		_log_in(first_time.account_for(applicant.claims["pid"]), applicant.claims)
		first_time.remember_pid(applicant.claims["pid"], idporten._session_seconds())
		frappe.db.commit()
		_redirect(first_time.landing(applicant.redirect_to))
		return
	except idporten.UnknownPerson as unknown:
		_log("ID-porten: ukjent person", unknown.reason)
		_page(UNKNOWN_TITLE, UNKNOWN_TEXT, 403)
		return
	except idporten.LoginRefused as refused:
		_log("ID-porten: innlogging avvist", refused.reason)
		_page(REFUSED_TITLE, REFUSED_TEXT, 401)
		return
	_log_in(user, claims)
	frappe.db.commit()
	_redirect(redirect_to)


def _log_in(user: str, claims: dict):
	earlier = frappe.session.sid if frappe.session.user != "Guest" else None
	frappe.flags.idporten_login = True
	try:
		frappe.local.login_manager.login_as(user)
	finally:
		frappe.flags.idporten_login = False
	idporten.remember_login(claims)
	if earlier and earlier != frappe.session.sid:
		# logged in again (to sign): the older session of this browser ends
		from frappe.sessions import delete_session

		delete_session(earlier, reason="Logged in again")


@frappe.whitelist(allow_guest=True)
def web_logout():
	"""Frappe's portal log-out; a session from ID-porten is also ended at ID-porten (end_session_endpoint)."""
	end_session = idporten.end_session_url() if frappe.session.user != "Guest" else None
	frappe.local.login_manager.logout()
	frappe.db.commit()
	if end_session:
		_redirect(end_session)
		return
	frappe.respond_as_web_page("Logget ut", "<p>Du er logget ut.</p>", indicator_color="green")


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
def frontchannel_logout(iss: str | None = None, sid: str | None = None, **kwargs):
	"""ID-porten's front-channel log-out (the client's ``frontchannel_logout_uri``): called in a hidden frame
	when the person logs out at ID-porten or at another service, with ``iss`` and ``sid``; every portal
	session from that ID-porten session ends. No cookie is needed, and nothing says whether any ended."""
	try:
		idporten.end_sessions(iss, sid)
		frappe.db.commit()
	except Exception as error:
		_log("ID-porten: utlogging fra ID-porten feilet", f"{type(error).__name__}: {error}")
