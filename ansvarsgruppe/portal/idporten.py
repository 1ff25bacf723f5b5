"""Log-in to the family portal with ID-porten: OpenID Connect's authorization code flow with PKCE (S256),
``state`` and ``nonce``, the ID token verified against the provider's JWKS (signature, issuer, audience,
expiry, nonce) and its level of assurance (``acr``) against the settings. The protocol is authlib's
(``OAuth2Session``, ``PrivateKeyJWT``), the JOSE work joserfc's.

The flow's secrets (state, nonce, PKCE verifier) are kept server-side in the cache under the state, bound to
the browser that started the flow by a cookie; each is used once. The person is found by ``pid`` among the
portal users already invited (``find_portal_user``); nobody is created by a log-in.
"""

import hashlib
import time

import frappe
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from frappe import _
from frappe.utils import get_url, now_datetime
from frappe.utils.password import get_decrypted_password
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from ansvarsgruppe.portal.people import is_portal_user
from ansvarsgruppe.rules import idporten as rules
from ansvarsgruppe.rules.redirects import site_path

SETTINGS = "IDporten Settings"
CALLBACK = "/api/method/ansvarsgruppe.api.idporten.callback"
FLOW_SECONDS = 600
FLOW_COOKIE = "ag_idporten_flow"
CLOCK_LEEWAY = 30
TIMEOUT = 15


class LoginRefused(Exception):
	"""The log-in was refused; ``reason`` says why (for the log, never shown to the person)."""

	def __init__(self, reason: str):
		super().__init__(reason)
		self.reason = reason


class UnknownPerson(LoginRefused):
	"""A verified log-in by a person who has no portal account here."""


def get_settings():
	return frappe.get_cached_doc(SETTINGS)


def is_enabled() -> bool:
	return bool(get_settings().enabled)


def password_login_allowed() -> bool:
	settings = get_settings()
	return not settings.enabled or bool(settings.allow_password_login)


def refuse_password_login(login_manager):
	"""``on_login``: with password log-in turned off, a portal user logs in only with ID-porten; staff keep
	logging in to the desk with their password."""
	if frappe.flags.idporten_login or password_login_allowed():
		return
	if is_portal_user(login_manager.user):
		frappe.throw(_("Log in to the family portal with ID-porten."), frappe.AuthenticationError)


def redirect_uri() -> str:
	return get_url(CALLBACK)


def post_logout_redirect_uri() -> str:
	return get_url("/")


def discovery_url(settings=None) -> str:
	settings = settings or get_settings()
	if settings.environment == "Other":
		return settings.discovery_url or ""
	return rules.DISCOVERY_URLS.get(settings.environment, "")


def _fetch_json(url: str) -> dict:
	response = requests.get(url, timeout=TIMEOUT)
	response.raise_for_status()
	return response.json()


def metadata() -> dict:
	"""The provider's discovery document (issuer, endpoints, jwks_uri), cached for an hour."""
	url = discovery_url()
	if not url:
		raise LoginRefused("no discovery document configured")
	key = f"ag_idporten_metadata:{url}"
	document = frappe.cache.get_value(key)
	if not document:
		document = _fetch_json(url)
		frappe.cache.set_value(key, document, expires_in_sec=3600)
	return document


def _key_set(jwks_uri: str, refresh: bool = False) -> KeySet:
	key = f"ag_idporten_jwks:{jwks_uri}"
	keys = None if refresh else frappe.cache.get_value(key)
	if not keys:
		keys = _fetch_json(jwks_uri)
		frappe.cache.set_value(key, keys, expires_in_sec=3600)
	return KeySet.import_key_set(keys)


def _session(settings, meta: dict) -> OAuth2Session:
	method = settings.client_auth_method or "client_secret_post"
	secret_field = "private_key" if method == "private_key_jwt" else "client_secret"
	session = OAuth2Session(
		settings.client_id,
		get_decrypted_password(SETTINGS, SETTINGS, secret_field, raise_exception=False),
		scope="openid profile",
		redirect_uri=redirect_uri(),
		code_challenge_method="S256",
		token_endpoint_auth_method=method,
	)
	if method == "private_key_jwt":
		# A JWT signed with the client's key, its audience ID-porten's issuer, as Digdir asks.
		headers = {"kid": settings.key_id} if settings.key_id else None
		session.register_client_auth_method(PrivateKeyJWT(meta["issuer"], headers=headers, alg="RS256"))
	return session


def _flow_key(state: str) -> str:
	return f"ag_idporten_flow:{hashlib.sha256(state.encode()).hexdigest()}"


def _browser_hash(value: str | None) -> str:
	return hashlib.sha256((value or "").encode()).hexdigest()


def start(redirect_to: str | None = None) -> str:
	"""The authorization URL to send the browser to; state, nonce and the PKCE verifier kept here."""
	settings = get_settings()
	if not settings.enabled:
		raise LoginRefused("log-in with ID-porten is not enabled")
	meta = metadata()
	state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
	browser = generate_token(32)
	frappe.cache.set_value(
		_flow_key(state),
		{
			"nonce": nonce,
			"code_verifier": verifier,
			"browser": _browser_hash(browser),
			"redirect_to": local_path(redirect_to),
		},
		expires_in_sec=FLOW_SECONDS,
	)
	frappe.local.cookie_manager.set_cookie(FLOW_COOKIE, browser, max_age=FLOW_SECONDS, httponly=True)
	url, _state = _session(settings, meta).create_authorization_url(
		meta["authorization_endpoint"],
		state=state,
		nonce=nonce,
		code_verifier=verifier,
		acr_values=settings.required_level or rules.LOA_HIGH,
		ui_locales="nb",
		response_mode="query",
	)
	return url


def local_path(path: str | None) -> str:
	"""Only a path on this site (never another host, however it is written) to land on after the log-in."""
	return site_path(path) or "/mine-ansvarsgrupper"


def finish(state: str | None, code: str | None, browser: str | None) -> tuple[str, dict, str]:
	"""Exchange the code, verify the ID token and find the portal user: ``(user, claims, redirect_to)``."""
	if not state or not code:
		raise LoginRefused("no code or state in the callback")
	key = _flow_key(state)
	flow = frappe.cache.get_value(key)
	frappe.cache.delete_value(key)
	if not flow:
		raise LoginRefused("unknown or used state")
	if flow["browser"] != _browser_hash(browser):
		raise LoginRefused("the flow was started in another browser")
	settings = get_settings()
	meta = metadata()
	try:
		token = _session(settings, meta).fetch_token(
			meta["token_endpoint"],
			grant_type="authorization_code",
			code=code,
			code_verifier=flow["code_verifier"],
			timeout=TIMEOUT,
		)
	except Exception as error:
		raise LoginRefused(f"the token request failed: {type(error).__name__}")
	id_token = token.get("id_token")
	if not id_token:
		raise LoginRefused("no ID token in the token response")
	claims = verify_id_token(id_token, meta, settings.client_id, flow["nonce"])
	if not rules.meets_level(claims.get("acr"), settings.required_level):
		raise LoginRefused(f"level of assurance too low: {claims.get('acr')}")
	user = find_portal_user(claims.get("pid"))
	if not user:
		raise UnknownPerson(
			f"no portal user with this identity number; {rules.login_identifiers(claims)},"
			f" acr={claims.get('acr')}"
		)
	claims["id_token"] = id_token
	return user, claims, flow["redirect_to"]


def _decode(id_token: str, jwks_uri: str):
	try:
		return jwt.decode(id_token, _key_set(jwks_uri), algorithms=["RS256"])
	except (JoseError, ValueError):
		# The provider may have rotated its keys since they were cached.
		return jwt.decode(id_token, _key_set(jwks_uri, refresh=True), algorithms=["RS256"])


def verify_id_token(id_token: str, meta: dict, client_id: str, nonce: str) -> dict:
	"""OIDC Core 3.1.3.7: signature (the provider's JWKS, RS256), issuer, audience, expiry and nonce."""
	try:
		decoded = _decode(id_token, meta["jwks_uri"])
		registry = jwt.JWTClaimsRegistry(
			now=int(time.time()),
			leeway=CLOCK_LEEWAY,
			iss={"essential": True, "value": meta["issuer"]},
			aud={"essential": True, "value": client_id},
			exp={"essential": True},
			nonce={"essential": True, "value": nonce},
			pid={"essential": True},
		)
		registry.validate(decoded.claims)
	except (JoseError, ValueError) as error:
		raise LoginRefused(f"the ID token was refused: {type(error).__name__}: {error}")
	claims = dict(decoded.claims)
	audience = claims.get("aud")
	if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
		raise LoginRefused("the ID token was issued to another party")
	return claims


def find_portal_user(pid: str | None) -> str | None:
	"""The one enabled portal user whose own identity number, or the number recorded on a service user's
	relation (parent, guardian), is ``pid``; None when there is none (or the number is not unique)."""
	if not pid:
		return None
	person = frappe.qb.DocType("Service User")
	relation = frappe.qb.DocType("Service User Relation")
	users = set(
		frappe.qb.from_(person)
		.select(person.portal_user)
		.where(person.national_id == pid)
		.where(person.portal_user.isnotnull())
		.run(pluck=True)
	)
	users |= set(
		frappe.qb.from_(relation)
		.select(relation.portal_user)
		.where(relation.national_id == pid)
		.where(relation.parenttype == "Service User")
		.where(relation.portal_user.isnotnull())
		.run(pluck=True)
	)
	users = {u for u in users if u and frappe.db.get_value("User", u, "enabled") and is_portal_user(u)}
	return users.pop() if len(users) == 1 else None


# The log-in's claims kept with the session (never the identity number); the ID token itself, needed
# as the hint for log-out, only in the cache for as long as the session lasts.
SESSION_KEY = "idporten"


def _token_key(sid: str) -> str:
	return f"ag_idporten_token:{sid}"


def remember_login(claims: dict):
	"""After Frappe's log-in: the session knows it came from ID-porten, at which level, with which ids."""
	session = frappe.local.session_obj
	amr = claims.get("amr")
	session.data.data[SESSION_KEY] = {
		"acr": claims.get("acr"),
		"amr": ", ".join(amr) if isinstance(amr, list) else (amr or ""),
		"ids": rules.login_identifiers(claims),
		"auth_time": claims.get("auth_time"),
	}
	session.update(force=True)
	frappe.cache.set_value(
		_token_key(session.sid), claims["id_token"], expires_in_sec=int(_session_seconds())
	)


def _session_seconds() -> int:
	from frappe.sessions import get_expiry_in_seconds

	return get_expiry_in_seconds()


def current_login() -> dict | None:
	"""The ID-porten log-in behind this request's session, or None (a password log-in)."""
	session = getattr(frappe.local, "session", None)
	data = (session or {}).get("data") or {}
	return data.get(SESSION_KEY)


def signs_digitally() -> bool:
	"""Whether the logged-in portal user signs what they do now (R4): ID-porten at the required level."""
	return is_portal_user() and rules.signs_digitally(current_login(), get_settings().required_level)


def digital_signature() -> tuple | None:
	"""``(signer, time, level, identifiers)`` when what the portal user does now is signed (R4)."""
	if not signs_digitally():
		return None
	login = current_login()
	return frappe.session.user, now_datetime(), login.get("acr"), login.get("ids")


def end_session_url() -> str | None:
	"""The provider's end-session URL for this session (with the ID token as hint), or None."""
	if not current_login():
		return None
	sid = frappe.session.sid
	id_token = frappe.cache.get_value(_token_key(sid))
	frappe.cache.delete_value(_token_key(sid))
	try:
		endpoint = metadata().get("end_session_endpoint")
	except Exception:
		return None
	if not endpoint:
		return None
	from urllib.parse import urlencode

	params = {"post_logout_redirect_uri": post_logout_redirect_uri(), "state": generate_token(16)}
	if id_token:
		params["id_token_hint"] = id_token
	return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"
