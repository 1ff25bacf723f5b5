"""A real OpenID Connect provider on 127.0.0.1 for the tests, standing in for ID-porten.

Built on authlib's authorization server (authorization code grant with PKCE, OpenID Connect's ``OpenIDCode``,
client authentication by secret or ``private_key_jwt``) served by werkzeug in a thread of the test process.
It publishes a discovery document and its JWKS, and issues ID tokens with ID-porten's claims: ``pid``,
``acr``, ``amr``, a pairwise ``sub``, ``sid`` and ``jti``. The person who logs in next, and what should go
wrong with their token, are set on the provider (``next_login``):

- ``bad_signature``: signed with another key under the published key id;
- ``expired``: the token expired a few minutes ago;
- ``wrong_audience``: issued to another client;
- ``wrong_nonce``: a nonce other than the one asked for.

A low level is an ``acr`` of ``idporten-loa-substantial``; a person without ``pid`` (an empty one) stands for
a foreign e-ID (eIDAS). There is no log-in form: the authorization endpoint answers at once with the code, as
ID-porten does when the person has an SSO session, authenticated ``auth_age`` seconds ago. With
``prompt=login``, or a ``max_age`` shorter than that, the person authenticates anew (``auth_time`` now).

As Digdir's token endpoint, a client assertion is refused unless it lives at most 120 seconds (``exp - iat``)
and carries a ``jti`` not seen before. ``frontchannel_logout`` calls the client's front-channel log-out URI
with ``iss`` and ``sid``, as ID-porten does when the person logs out.
"""

import hashlib
import json
import secrets
import socket
import threading
import time
from urllib.parse import urlencode

import requests
from authlib.oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, OAuth2Payload, OAuth2Request, grants
from authlib.oauth2.rfc6749.errors import InvalidClientError
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin, UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import RSAKey
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

CLIENT_ID = "ansvarsgruppe-test"
CLIENT_SECRET = "hemmelig-" + secrets.token_hex(8)
KEY_ID = "test-provider-1"
MODES = ("ok", "bad_signature", "expired", "wrong_audience", "wrong_nonce")
ASSERTION_MAX_SECONDS = 120


def free_port() -> int:
	with socket.socket() as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


class _Payload(OAuth2Payload):
	def __init__(self, request: Request):
		self._request = request

	@property
	def data(self):
		return self._request.values

	@property
	def datalist(self):
		return {key: self._request.values.getlist(key) for key in self._request.values}


class _Request(OAuth2Request):
	def __init__(self, request: Request):
		super().__init__(method=request.method, uri=request.url, headers=request.headers)
		self._request = request
		self.payload = _Payload(request)

	@property
	def args(self):
		return self._request.args

	@property
	def form(self):
		return self._request.form


class Client(ClientMixin):
	def __init__(self, provider):
		self.provider = provider

	def get_client_id(self):
		return CLIENT_ID

	def get_default_redirect_uri(self):
		return self.provider.redirect_uri

	def get_allowed_scope(self, scope):
		return " ".join(s for s in (scope or "").split() if s in ("openid", "profile"))

	def check_redirect_uri(self, redirect_uri):
		return redirect_uri == self.provider.redirect_uri

	def check_client_secret(self, client_secret):
		return secrets.compare_digest(client_secret, CLIENT_SECRET)

	def check_endpoint_auth_method(self, method, endpoint):
		return method in ("client_secret_post", "client_secret_basic", "private_key_jwt")

	def check_response_type(self, response_type):
		return response_type == "code"

	def check_grant_type(self, grant_type):
		return grant_type == "authorization_code"

	@property
	def id_token_signed_response_alg(self):
		return "RS256"


class Code(AuthorizationCodeMixin):
	def __init__(self, **values):
		self.__dict__.update(values)

	def get_redirect_uri(self):
		return self.redirect_uri

	def get_scope(self):
		return self.scope

	def get_nonce(self):
		return self.nonce

	def get_auth_time(self):
		return self.auth_time

	def get_acr(self):
		return self.acr

	def get_amr(self):
		return self.amr


class Person:
	def __init__(self, pid: str, acr: str, amr: list, sub: str):
		self.pid, self.acr, self.amr, self.sub = pid, acr, amr, sub

	def get_user_id(self):
		return self.sub


class CodeGrant(grants.AuthorizationCodeGrant):
	TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt"]

	def save_authorization_code(self, code, request):
		person, mode = request.user, self.server.provider.login_mode
		nonce = request.payload.data.get("nonce")
		self.server.provider.codes[code] = Code(
			code=code,
			user=person,
			redirect_uri=request.payload.redirect_uri,
			scope=request.payload.scope,
			nonce=("not-" + nonce) if mode == "wrong_nonce" else nonce,
			auth_time=self.server.provider.auth_time,
			acr=person.acr,
			amr=person.amr,
			code_challenge=request.payload.data.get("code_challenge"),
			code_challenge_method=request.payload.data.get("code_challenge_method"),
			mode=mode,
		)

	def query_authorization_code(self, code, client):
		return self.server.provider.codes.get(code)

	def delete_authorization_code(self, authorization_code):
		self.server.provider.codes.pop(authorization_code.code, None)

	def authenticate_user(self, authorization_code):
		self.request.provider_mode = authorization_code.mode
		return authorization_code.user


class IDportenClaims(OpenIDCode):
	def __init__(self, provider):
		super().__init__(require_nonce=True)
		self.provider = provider

	def exists_nonce(self, nonce, request):
		return False

	def get_jwt_config(self, grant, client):
		mode = getattr(grant.request, "provider_mode", "ok")
		key = self.provider.other_key if mode == "bad_signature" else self.provider.key
		return {
			"key": key.as_dict(private=True),
			"alg": "RS256",
			"kid": KEY_ID,
			"iss": self.provider.issuer,
			"exp": -300 if mode == "expired" else 120,
		}

	def get_audiences(self, request):
		if getattr(request, "provider_mode", "ok") == "wrong_audience":
			return ["another-client"]
		return [CLIENT_ID]

	def generate_user_info(self, user, scope):
		info = UserInfo(sub=user.sub, locale="nb", sid=self.provider.sid, jti=secrets.token_urlsafe(16))
		if user.pid:
			info["pid"] = user.pid
		return info


class PrivateKeyAssertion(JWTBearerClientAssertion):
	CLIENT_AUTH_METHOD = "private_key_jwt"

	def __init__(self, provider):
		super().__init__(provider.issuer, validate_jti=False)
		self.provider = provider

	def process_assertion_claims(self, assertion, resolve_key):
		claims = super().process_assertion_claims(assertion, resolve_key)
		lifetime = int(claims.get("exp", 0)) - int(claims.get("iat", 0))
		self.provider.assertions.append(dict(claims))
		if "iat" not in claims or lifetime > ASSERTION_MAX_SECONDS:
			raise InvalidClientError(description=f"the client assertion lives {lifetime} s, at most 120")
		jti = claims.get("jti")
		if not jti or jti in self.provider.seen_jti:
			raise InvalidClientError(description="the client assertion's jti is missing or used")
		self.provider.seen_jti.add(jti)
		return claims

	def resolve_client_public_key(self, client, headers):
		if not self.provider.client_public_key:
			raise ValueError("no key registered for the client")
		return self.provider.client_public_key


class Server(AuthorizationServer):
	def __init__(self, provider):
		super().__init__(scopes_supported=["openid", "profile"])
		self.provider = provider
		self.register_token_generator("default", BearerTokenGenerator(lambda *a, **k: secrets.token_hex(24)))
		self.register_client_auth_method("private_key_jwt", PrivateKeyAssertion(provider))
		self.register_grant(CodeGrant, [CodeChallenge(required=True), IDportenClaims(provider)])

	def query_client(self, client_id):
		return Client(self.provider) if client_id == CLIENT_ID else None

	def save_token(self, token, request):
		self.provider.tokens.append({**token, "client_auth_method": request.auth_method})

	def create_oauth2_request(self, request):
		return _Request(request)

	def create_json_request(self, request):
		return _Request(request)

	def handle_response(self, status, body, headers):
		if isinstance(body, dict):
			body = json.dumps(body)
		return Response(body, status=status, headers=headers)

	def send_signal(self, name, *args, **kwargs):
		pass


class _QuietHandler(WSGIRequestHandler):
	def log_request(self, *args, **kwargs):
		pass


class Provider:
	"""``with Provider(redirect_uri) as provider:`` serves on a free port of 127.0.0.1 until the block ends."""

	def __init__(self, redirect_uri: str):
		self.port = free_port()
		self.issuer = f"http://127.0.0.1:{self.port}/"
		self.redirect_uri = redirect_uri
		self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig", "alg": "RS256"})
		self.other_key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID})
		self.client_public_key = None
		self.codes, self.tokens, self.authorize_requests, self.logouts = {}, [], [], []
		self.assertions, self.seen_jti = [], set()
		self.next_login("", "idporten-loa-high")
		self.server = Server(self)
		self._http = make_server(
			"127.0.0.1", self.port, self.wsgi, threaded=True, request_handler=_QuietHandler
		)
		self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

	@property
	def discovery_url(self) -> str:
		return f"{self.issuer}.well-known/openid-configuration"

	def next_login(
		self, pid: str, acr: str = "idporten-loa-high", mode: str = "ok", amr=("BankID",), auth_age: int = 0
	):
		"""Who logs in at the next authorization request, at which level, how long ago they authenticated at
		ID-porten (their SSO session), and what goes wrong."""
		assert mode in MODES, mode
		self.sso_auth_time = self.auth_time = int(time.time()) - auth_age
		self.login_mode = mode
		sub = hashlib.sha256(f"{CLIENT_ID}:{pid}".encode()).hexdigest()[:43]
		self.person = Person(pid, acr, list(amr), sub)
		self.sid = secrets.token_urlsafe(12)

	def __enter__(self):
		self._thread.start()
		return self

	def __exit__(self, *exc):
		self._http.shutdown()
		self._thread.join(5)

	def metadata(self) -> dict:
		return {
			"issuer": self.issuer,
			"authorization_endpoint": f"{self.issuer}authorize",
			"token_endpoint": f"{self.issuer}token",
			"jwks_uri": f"{self.issuer}jwks",
			"end_session_endpoint": f"{self.issuer}logout",
			"response_types_supported": ["code"],
			"subject_types_supported": ["pairwise"],
			"id_token_signing_alg_values_supported": ["RS256"],
			"code_challenge_methods_supported": ["S256"],
			"token_endpoint_auth_methods_supported": [
				"client_secret_basic",
				"client_secret_post",
				"private_key_jwt",
			],
			"acr_values_supported": ["idporten-loa-substantial", "idporten-loa-high"],
			"scopes_supported": ["openid", "profile"],
		}

	def _authenticate(self, args) -> int:
		"""The person's ``auth_time`` for this request: their SSO session's, or now when the client asked for
		a fresh authentication (``prompt=login``) or one younger than ``max_age``."""
		now = int(time.time())
		max_age = args.get("max_age")
		if "login" in (args.get("prompt") or "").split() or (
			max_age is not None and now - self.sso_auth_time > int(max_age)
		):
			self.sso_auth_time = now
		return self.sso_auth_time

	def frontchannel_logout(self, uri: str, sid: str | None = None, iss: str | None = None):
		"""ID-porten's front-channel log-out: GET the client's URI with ``iss`` and ``sid`` (no cookie)."""
		params = {"iss": self.issuer if iss is None else iss, "sid": self.sid if sid is None else sid}
		return requests.get(uri, params=params, allow_redirects=False, timeout=15)

	def wsgi(self, environ, start_response):
		request = Request(environ)
		path = request.path
		if path == "/.well-known/openid-configuration":
			response = Response(json.dumps(self.metadata()), content_type="application/json")
		elif path == "/jwks":
			keys = {"keys": [self.key.as_dict(private=False)]}
			response = Response(json.dumps(keys), content_type="application/json")
		elif path == "/authorize":
			self.authorize_requests.append(dict(request.args))
			self.auth_time = self._authenticate(request.args)
			try:
				grant = self.server.get_consent_grant(request)
			except Exception as error:
				response = Response(f"refused: {error}", status=400)
			else:
				response = self.server.create_authorization_response(
					request, grant_user=self.person, grant=grant
				)
		elif path == "/token":
			response = self.server.create_token_response(request)
		elif path == "/logout":
			self.logouts.append(dict(request.args))
			target = request.args.get("post_logout_redirect_uri") or "/"
			state = request.args.get("state")
			response = Response(
				status=302,
				headers={"Location": f"{target}?{urlencode({'state': state})}" if state else target},
			)
		else:
			response = Response("not found", status=404)
		return response(environ, start_response)
