"""Log-in to the family portal with ID-porten: OpenID Connect's authorization code flow with PKCE (S256),
``state`` and ``nonce``, the ID token verified against the provider's JWKS (signature, issuer, audience,
expiry, nonce) and its level of assurance (``acr``) against the settings. The protocol is authlib's
(``OAuth2Session``, ``PrivateKeyJWT``), the JOSE work joserfc's.

The flow's secrets (state, nonce, PKCE verifier) are kept server-side in the cache under the state, bound to
the browser that started the flow by a cookie; each is used once. The person is found by ``pid`` among the
portal users already invited (``find_portal_user``); nobody is created by a log-in.
"""

import hashlib
import json
import time

import frappe
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from frappe import _
from frappe.utils import get_url, now_datetime
from frappe.utils.password import get_decrypted_password
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import JWKRegistry, KeySet

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


class FirstTimeApplicant(LoginRefused):
	"""A verified log-in by a person the app does not know at all: they may apply (``first_time``)."""

	def __init__(self, reason: str, claims: dict, redirect_to: str):
		super().__init__(reason)
		self.claims, self.redirect_to = claims, redirect_to


class NoIdentityNumber(LoginRefused):
	"""A verified log-in without ``pid``: a foreign e-ID (eIDAS) or another log-in without a Norwegian
	identity number."""


class FreshLoginNeeded(frappe.ValidationError):
	"""A signature asked of a session whose log-in is too old: the person logs in with ID-porten again."""


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


FRONTCHANNEL_LOGOUT = "/api/method/ansvarsgruppe.api.idporten.frontchannel_logout"


def frontchannel_logout_uri() -> str:
	return get_url(FRONTCHANNEL_LOGOUT)


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
		session.register_client_auth_method(ShortPrivateKeyJWT(meta["issuer"], kid=settings.key_id))
	return session


class ShortPrivateKeyJWT(PrivateKeyJWT):
	"""The client assertion as Digdir asks: signed with the client's key (RSA or EC) under its ``kid``, the
	audience ID-porten's issuer, a fresh ``jti`` and at most two minutes of life (authlib's own lives an
	hour, which Digdir's token endpoint refuses)."""

	def __init__(self, issuer: str, kid: str | None = None):
		super().__init__(issuer)
		self.kid = kid

	def sign(self, auth, token_endpoint):
		key, alg = load_client_key(auth.client_secret)
		now = int(time.time())
		header = {"alg": alg, "typ": "JWT", **({"kid": self.kid} if self.kid else {})}
		claims = {
			"iss": auth.client_id,
			"sub": auth.client_id,
			"aud": token_endpoint,
			"iat": now,
			"exp": now + rules.ASSERTION_SECONDS,
			"jti": generate_token(36),
		}
		return jwt.encode(header, claims, key, algorithms=[alg])


def load_client_key(text: str | None):
	"""``(key, alg)`` from the client's private key, PEM (its lines restored) or a private JWK; raises
	ValueError saying what is wrong with it."""
	text = rules.normalise_pem(text)
	if not text:
		raise ValueError("empty")
	if text.startswith("{"):
		try:
			key = JWKRegistry.import_key(json.loads(text))
		except (ValueError, JoseError) as error:
			raise ValueError(f"unreadable: {error}") from error
	else:
		try:
			private = serialization.load_pem_private_key(text.encode(), password=None)
		except (ValueError, TypeError) as error:
			raise ValueError(f"unreadable: {type(error).__name__}") from error
		key_type = "RSA" if isinstance(private, rsa.RSAPrivateKey) else "EC"
		if not isinstance(private, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
			raise ValueError("kind")
		key = JWKRegistry.import_key(text, key_type)
	if not key.is_private:
		raise ValueError("public")
	raw = key.raw_value
	if isinstance(raw, rsa.RSAPrivateKey):
		problem, alg = rules.key_problem("RSA", size=raw.key_size), "RS256"
	elif isinstance(raw, ec.EllipticCurvePrivateKey):
		problem, alg = rules.key_problem("EC", curve=raw.curve.name), rules.EC_CURVES.get(raw.curve.name)
	else:
		problem, alg = "kind", None
	if problem:
		raise ValueError(problem)
	return key, alg


def check_client_key(text: str | None, kid: str | None) -> tuple[str, str]:
	"""The settings' check of the private key: ``(the key to store, the public JWK to register)``, or a
	Norwegian refusal when it cannot be loaded, is not RSA/EC of an accepted size or does not match ``kid``."""
	if not (kid or "").strip():
		frappe.throw(_("Give the key ID (kid) the key is registered with."), frappe.ValidationError)
	try:
		key, alg = load_client_key(text)
	except ValueError as error:
		reason = str(error)
		if reason in ("too small", "curve", "kind"):
			message = _(
				"The private key must be an RSA key of at least 2048 bits or an EC key on P-256, P-384 or P-521."
			)
		elif reason == "public":
			message = _("This is a public key; paste the private key.")
		else:
			message = _(
				"The private key could not be read. Paste the whole PEM, from -----BEGIN to -----END."
			)
		frappe.throw(message, frappe.ValidationError)
	own_kid = key.as_dict(private=False).get("kid")
	if own_kid and own_kid != kid:
		frappe.throw(
			_("The key's own key ID {0} does not match the key ID {1}.").format(own_kid, kid),
			frappe.ValidationError,
		)
	public = {**key.as_dict(private=False), "kid": kid, "use": "sig", "alg": alg}
	stored = rules.normalise_pem(text) if not (text or "").strip().startswith("{") else text.strip()
	return stored, json.dumps(public, indent=1)


def _flow_key(state: str) -> str:
	return f"ag_idporten_flow:{hashlib.sha256(state.encode()).hexdigest()}"


def _browser_hash(value: str | None) -> str:
	return hashlib.sha256((value or "").encode()).hexdigest()


def start(redirect_to: str | None = None, fresh: bool = False) -> str:
	"""The authorization URL to send the browser to; state, nonce and the PKCE verifier kept here. ``fresh``
	(to sign): the person authenticates again (``prompt=login``, ``max_age``) whatever session they have
	at ID-porten."""
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
			"fresh": bool(fresh),
		},
		expires_in_sec=FLOW_SECONDS,
	)
	frappe.local.cookie_manager.set_cookie(FLOW_COOKIE, browser, max_age=FLOW_SECONDS, httponly=True)
	extra = {"prompt": "login", "max_age": rules.SIGNING_MAX_AGE} if fresh else {}
	url, _state = _session(settings, meta).create_authorization_url(
		meta["authorization_endpoint"],
		state=state,
		nonce=nonce,
		code_verifier=verifier,
		acr_values=settings.required_level or rules.LOA_HIGH,
		ui_locales="nb",
		response_mode="query",
		**extra,
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
	if flow.get("fresh") and not rules.fresh_enough(claims.get("auth_time"), time.time()):
		raise LoginRefused(f"a fresh log-in was asked for, auth_time={claims.get('auth_time')}")
	if not claims.get("pid"):
		raise NoIdentityNumber(
			f"no pid in the ID token; {rules.login_identifiers(claims)}, acr={claims.get('acr')}"
		)
	claims["id_token"] = id_token
	user = find_portal_user(claims.get("pid"))
	if not user:
		if not is_registered(claims["pid"]):
			raise FirstTimeApplicant(
				f"a first-time applicant; {rules.login_identifiers(claims)}, acr={claims.get('acr')}",
				claims,
				flow["redirect_to"],
			)
		raise UnknownPerson(
			f"no portal user with this identity number; {rules.login_identifiers(claims)},"
			f" acr={claims.get('acr')}"
		)
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


def is_registered(pid: str) -> bool:
	"""Whether ``pid`` is recorded anywhere: a service user's or a relation's number."""
	return bool(
		frappe.db.exists("Service User", {"national_id": pid})
		or frappe.db.exists("Service User Relation", {"national_id": pid, "parenttype": "Service User"})
	)


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
		"sid": claims.get("sid"),
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


def needs_fresh_login(max_age: int = rules.SIGNING_WINDOW) -> bool:
	"""Whether the portal user's ID-porten log-in is older than ``max_age`` seconds, too old to sign with:
	they log in again first."""
	login = current_login()
	return signs_digitally() and not rules.fresh_enough(login.get("auth_time"), time.time(), max_age)


def fresh_login_url(redirect_to: str) -> str:
	from urllib.parse import urlencode

	return "/api/method/ansvarsgruppe.api.idporten.login?" + urlencode(
		{"redirect_to": local_path(redirect_to), "fresh": 1}
	)


def _moment(seconds) -> str:
	from datetime import datetime, timezone

	from frappe.utils import convert_utc_to_system_timezone

	moment = convert_utc_to_system_timezone(datetime.fromtimestamp(int(seconds), tz=timezone.utc))
	return moment.replace(tzinfo=None)


def digital_signature() -> tuple | None:
	"""``(signer, time, level, identifiers, authenticated at, method)`` when what the portal user does now
	is signed (R4); a log-in older than ``SIGNING_WINDOW`` signs nothing: the person logs in again first."""
	if not signs_digitally():
		return None
	if needs_fresh_login():
		frappe.throw(
			_("To sign, log in again with ID-porten. Reload the page and log in."),
			FreshLoginNeeded,
		)
	login = current_login()
	return (
		frappe.session.user,
		now_datetime(),
		login.get("acr"),
		login.get("ids"),
		_moment(login.get("auth_time")),
		login.get("amr") or None,
	)


def end_sessions(issuer: str | None, sid: str | None) -> int:
	"""Front-channel log-out: the portal sessions that came from ID-porten's session ``sid`` end, when
	``issuer`` is the configured provider's. The number of sessions ended."""
	settings = get_settings()
	if not settings.enabled or not rules.valid_sid(sid):
		return 0
	try:
		expected = metadata()["issuer"]
	except Exception:
		return 0
	if issuer != expected:
		return 0
	from frappe.sessions import delete_session

	pattern = f"%'sid': '{sid}'%"
	rows = frappe.db.sql(
		"select sid, sessiondata from `tabSessions` where sessiondata like %s", (pattern,), as_dict=True
	)
	ended = 0
	for row in rows:
		try:
			data = frappe.safe_eval(row.sessiondata)
		except Exception:
			continue
		if ((data or {}).get(SESSION_KEY) or {}).get("sid") != sid:
			continue
		frappe.cache.delete_value(_token_key(row.sid))
		if row.sid == getattr(frappe.session, "sid", None):
			frappe.local.login_manager.logout()
		else:
			delete_session(row.sid, reason="Logged out at ID-porten")
		ended += 1
	return ended


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
