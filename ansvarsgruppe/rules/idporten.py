"""Log-in with ID-porten and consent signed with it (R4, R20).

ID-porten (Digdir) is an OpenID Connect provider. Its ID token names the person by ``pid`` (the identity
number) and the level of assurance of the log-in by ``acr``: ``idporten-loa-substantial`` (e.g. MinID) or
``idporten-loa-high`` (e.g. BankID). A consent given or withdrawn in the portal after a log-in at the
level the municipality requires is signed by a verified person; after a password log-in it is not.
"""

import re

LOA_SUBSTANTIAL = "idporten-loa-substantial"
LOA_HIGH = "idporten-loa-high"
# Lowest first; ID-porten's older names for the same levels are read as the new ones.
LEVELS = (LOA_SUBSTANTIAL, LOA_HIGH)
OLD_NAMES = {"Level3": LOA_SUBSTANTIAL, "Level4": LOA_HIGH}

DISCOVERY_URLS = {
	"Test": "https://test.idporten.no/.well-known/openid-configuration",
	"Production": "https://idporten.no/.well-known/openid-configuration",
}

SIGNATURE_METHOD = "ID-porten"


def level_rank(acr: str | None) -> int:
	"""0 for an unknown or missing level, then 1, 2 … upwards."""
	acr = OLD_NAMES.get(acr or "", acr)
	return LEVELS.index(acr) + 1 if acr in LEVELS else 0


def meets_level(acr: str | None, required: str | None) -> bool:
	"""Whether a log-in at ``acr`` is at least at the ``required`` level (default: high)."""
	return level_rank(acr) > 0 and level_rank(acr) >= level_rank(required or LOA_HIGH)


def signs_digitally(login: dict | None, required: str | None) -> bool:
	"""Whether what a portal user does in this session is signed by them (R4): the session came from
	ID-porten (``login`` holds its ``acr``), at least at the required level."""
	return bool(login) and meets_level(login.get("acr"), required)


def login_identifiers(claims: dict) -> str:
	"""The log-in's identifiers kept with a signature: ID-porten's pairwise ``sub``, the session ``sid``
	and the token's ``jti``; never the identity number."""
	return ", ".join(f"{key}={claims[key]}" for key in ("sub", "sid", "jti") if claims.get(key))


# The consent form opens only on a log-in at most this old; older, the person logs in again (prompt=login,
# max_age).
SIGNING_MAX_AGE = 300
# A signature is accepted on a log-in at most this old: time to fill in the form opened after a fresh log-in.
SIGNING_WINDOW = 1200
# Digdir's token endpoint accepts a client assertion living at most 120 seconds.
ASSERTION_SECONDS = 60
# Accepted client keys: RSA of at least 2048 bits, or EC on the NIST curves of ES256/ES384/ES512.
RSA_MIN_BITS = 2048
EC_CURVES = {"secp256r1": "ES256", "secp384r1": "ES384", "secp521r1": "ES512"}

_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.S)


def normalise_pem(text: str | None) -> str:
	"""A PEM block whose line breaks a password field dropped or turned into spaces, with its lines back:
	the armour on lines of its own, the base64 body in lines of 64. Other text comes back stripped."""
	text = (text or "").strip()
	match = _PEM_BLOCK.search(text)
	if not match:
		return text
	label, body = match.group(1), "".join(match.group(2).split())
	lines = [body[i : i + 64] for i in range(0, len(body), 64)]
	return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"]) + "\n"


def key_problem(kind: str, size: int | None = None, curve: str | None = None) -> str | None:
	"""Why a client key of this kind (``RSA``/``EC``), size or curve is not accepted; None when it is."""
	if kind == "RSA":
		return None if (size or 0) >= RSA_MIN_BITS else "too small"
	if kind == "EC":
		return None if curve in EC_CURVES else "curve"
	return "kind"


def fresh_enough(auth_time, now: float, max_age: int = SIGNING_MAX_AGE, leeway: int = 30) -> bool:
	"""Whether a log-in authenticated at ``auth_time`` (seconds since the epoch) is recent enough to sign."""
	try:
		auth_time = int(auth_time)
	except (TypeError, ValueError):
		return False
	return now - max_age - leeway <= auth_time <= now + leeway


def valid_sid(sid: str | None) -> bool:
	"""An ID-porten session id as it may be looked up (no wildcards or quotes)."""
	return bool(sid) and len(sid) <= 200 and re.fullmatch(r"[A-Za-z0-9._~\-]+", sid) is not None
