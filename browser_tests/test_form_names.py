"""A participant opens her group: the form's sidebar and timeline name who made and changed it, never
their e-mail addresses (permissions/names.py)."""

import pytest
from conftest import login, site_fixture

PASSWORD = "Navn-I-Skjema-2026!"


@pytest.fixture(scope="module")
def scene():
	return site_fixture("form_names", password=PASSWORD)


def test_the_participant_reads_names_in_the_groups_sidebar_and_timeline(page, scene):
	coordinator, leader = scene["names"][scene["coordinator"]], scene["names"][scene["leader"]]
	login(page, scene["participant"], PASSWORD)
	page.goto(f"/app/responsibility-group/{scene['group']}")
	created = page.locator(".form-sidebar .created-by")
	created.filter(has_text=leader).wait_for(timeout=30000)
	edited = page.locator(".form-sidebar .modified-by").inner_text()
	assert coordinator in edited, edited
	# the timeline: who made it, who last edited it, and the coordinator's change of the mandate
	timeline = page.locator(".new-timeline")
	timeline.filter(has_text=leader).first.wait_for(timeout=30000)
	page.wait_for_timeout(800)
	text = timeline.first.inner_text()
	assert text.count(coordinator) >= 2, text
	page.screenshot(path="/tmp/ansvarsgruppe-form-names.png", full_page=True)
	body = page.locator("body").inner_text()
	for address in (scene["coordinator"], scene["leader"]):
		assert address not in body, f"{address} shown"
