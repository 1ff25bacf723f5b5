"""The archive in the desk (R19, R11): the coordinator archives a group and corrects approved minutes by a
new version."""

import pytest
from conftest import login, site_fixture

PASSWORD = "Arkiv-Passord-2026!"


@pytest.fixture(scope="module")
def desk_archive():
	return site_fixture("desk_archive", password=PASSWORD)


def test_r19_coordinator_archives_the_group(page, desk_archive):
	login(page, desk_archive["coordinator"], PASSWORD)
	page.goto(f"/app/responsibility-group/{desk_archive['group']}")
	button = page.locator(".page-actions button:visible", has_text="Arkiver").first
	button.wait_for(timeout=30000)
	button.click()
	page.get_by_text("Arkivuttrekket lages").first.wait_for(timeout=30000)
	page.screenshot(path="/tmp/ansvarsgruppe-archive-group.png", full_page=True)


def test_r11_coordinator_makes_a_new_version_of_approved_minutes(page, desk_archive):
	login(page, desk_archive["coordinator"], PASSWORD)
	minutes = desk_archive["minutes"]
	page.goto(f"/app/meeting-minutes/{minutes}")
	button = page.locator(".page-actions button:visible", has_text="Ny versjon").first
	button.wait_for(timeout=30000)
	button.click()
	dialog = page.locator(".modal-dialog:visible")
	dialog.locator('textarea[data-fieldname="reason"]').fill("Feil dato for neste møte")
	dialog.locator(".btn-primary").click()
	page.wait_for_url(lambda url: "/app/meeting-minutes/" in url and not url.endswith(minutes), timeout=30000)
	page.locator(".indicator-pill", has_text="Utkast").first.wait_for(timeout=30000)
	page.screenshot(path="/tmp/ansvarsgruppe-archive-new-version.png", full_page=True)
