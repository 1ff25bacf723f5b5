"""A parent logs in to the family portal through ID-porten in the browser (a real OpenID Connect provider on
127.0.0.1, ``ansvarsgruppe/tests/oidc_provider.py``) and lands on Mine ansvarsgrupper; log-out ends the
session at the provider too."""

import os
import re
from pathlib import Path

import pytest
from conftest import BASE_URL, site_fixture

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
	page.wait_for_selector(f"text=Ansvarsgruppe {family['group']}")
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
