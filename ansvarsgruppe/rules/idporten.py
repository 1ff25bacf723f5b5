"""Log-in with ID-porten and consent signed with it (R4, R20).

ID-porten (Digdir) is an OpenID Connect provider. Its ID token names the person by ``pid`` (the identity
number) and the level of assurance of the log-in by ``acr``: ``idporten-loa-substantial`` (e.g. MinID) or
``idporten-loa-high`` (e.g. BankID). A consent given or withdrawn in the portal after a log-in at the
level the municipality requires is signed by a verified person; after a password log-in it is not.
"""

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
