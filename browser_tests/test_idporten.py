"""A parent logs in to the family portal through ID-porten in the browser (a real OpenID Connect provider on
127.0.0.1, ``ansvarsgruppe/tests/oidc_provider.py``) and lands on Mine ansvarsgrupper; log-out ends the
session at the provider too."""

import os
import re
import secrets
from pathlib import Path

import pytest
from conftest import BASE_URL, login, site_fixture

from ansvarsgruppe.tests.oidc_provider import CLIENT_SECRET, Provider

PASSWORD = "Idporten-Passord-2026!"
AXE = Path(os.environ.get("AXE_PATH", "/tmp/ansvarsgruppe-axe/node_modules/axe-core/axe.min.js"))


@pytest.fixture(scope="module")
def provider():
	with Provider(f"{BASE_URL}/api/method/ansvarsgruppe.api.idporten.callback") as provider:
		yield provider


@pytest.fixture(scope="module")
def family(provider):
	data = site_fixture(
		"idporten_family",
		discovery_url=provider.discovery_url,
		client_secret=CLIENT_SECRET,
		password=PASSWORD,
	)
	yield data
	site_fixture("idporten_off")


def test_parent_logs_in_with_idporten_and_lands_on_mine_ansvarsgrupper(page, provider, family):
	provider.next_login(family["parent_pid"])
	page.goto("/mine-ansvarsgrupper")
	page.wait_for_url(re.compile(r"/logg-inn\?redirect-to="))
	page.add_script_tag(path=str(AXE))
	result = page.evaluate(
		"async () => await axe.run(document.querySelector('main'), {resultTypes: ['violations']})"
	)
	assert not [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
	page.screenshot(path="/tmp/portal-logg-inn.png", full_page=True)
	page.get_by_role("link", name="Logg inn med ID-porten").click()
	page.wait_for_url(f"{BASE_URL}/mine-ansvarsgrupper", timeout=30000)
	page.wait_for_selector('h3:has-text("Ansvarsgruppe for")')
	assert page.get_by_role("heading", name="Mine ansvarsgrupper").first.is_visible()
	page.screenshot(path="/tmp/portal-idporten.png", full_page=True)
	asked = provider.authorize_requests[-1]
	assert asked["code_challenge_method"] == "S256" and asked["acr_values"] == "idporten-loa-high"

	page.goto("/?cmd=web_logout")
	page.wait_for_url(f"{BASE_URL}/**", timeout=30000)
	assert provider.logouts, "the log-out went through ID-porten's end-session endpoint"
	assert provider.logouts[-1]["post_logout_redirect_uri"].startswith(BASE_URL)
	logged = page.request.get("/api/method/frappe.auth.get_logged_user")
	assert logged.status in (401, 403), "nobody is logged in any more"


def test_a_private_key_pasted_in_the_desk_logs_a_parent_in(browser, provider, family):
	"""The System Manager pastes the client's PEM into the settings' Password field (which drops its line
	breaks); the settings restore them, show the public JWK to register, and the log-in works end to end."""
	from joserfc.jwk import RSAKey

	key = RSAKey.generate_key(2048)
	kid = f"klient-nettleser-{secrets.token_hex(3)}"
	desk = browser.new_context(
		base_url=BASE_URL,
		locale="nb-NO",
		viewport={"width": 1280, "height": 900},
		permissions=["clipboard-read", "clipboard-write"],
	)
	admin = desk.new_page()
	login(admin)
	admin.goto("/app/idporten-settings")
	admin.wait_for_selector('.frappe-control[data-fieldname="client_id"] input', timeout=30000)
	admin.locator('.frappe-control[data-fieldname="client_auth_method"] select').select_option(
		"private_key_jwt"
	)
	# pasted from the clipboard, as a person would: the field keeps the PEM without its line breaks
	admin.evaluate("text => navigator.clipboard.writeText(text)", key.as_pem(private=True).decode())
	field = admin.locator('.frappe-control[data-fieldname="private_key"] input')
	field.click()
	admin.keyboard.press("Control+A")
	admin.keyboard.press("Control+V")
	pasted = field.input_value()
	assert pasted.startswith("-----BEGIN PRIVATE KEY-----") and "\n" not in pasted
	admin.locator('.frappe-control[data-fieldname="key_id"] input').fill(kid)
	admin.keyboard.press("Control+s")
	public = admin.locator('.frappe-control[data-fieldname="public_jwk"]')
	public.get_by_text(kid).first.wait_for(timeout=30000)
	shown = admin.evaluate("() => JSON.parse(cur_frm.doc.public_jwk)")
	assert (shown["kid"], shown["n"], shown["use"]) == (kid, key.as_dict()["n"], "sig") and "d" not in shown
	admin.screenshot(path="/tmp/idporten-settings-key.png", full_page=True)
	desk.close()

	provider.client_public_key = key.as_dict(private=False)
	tokens = len(provider.tokens)
	try:
		portal = browser.new_context(base_url=BASE_URL, locale="nb-NO")
		page = portal.new_page()
		provider.next_login(family["parent_pid"])
		page.goto("/logg-inn?redirect-to=/mine-ansvarsgrupper")
		page.get_by_role("link", name="Logg inn med ID-porten").click()
		page.wait_for_url(f"{BASE_URL}/mine-ansvarsgrupper", timeout=30000)
		page.wait_for_selector('h3:has-text("Ansvarsgruppe for")')
		portal.close()
	finally:
		provider.client_public_key = None
	assert provider.tokens[tokens]["client_auth_method"] == "private_key_jwt"
	claims = provider.assertions[-1]
	assert claims["exp"] - claims["iat"] <= 120 and claims["aud"] == provider.issuer
