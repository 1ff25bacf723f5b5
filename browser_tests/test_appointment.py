"""The coordinator's appointment in the desk (R2, R3): the responsible unit's leader uses «Oppnevn
koordinator» on the group, and the appointment is recorded there."""

import re

import pytest
from conftest import click_page_action, login, site_fixture
from playwright.sync_api import expect

PASSWORD = "Oppnevning-Passord-2026!"


@pytest.fixture(scope="module")
def desk_appointment():
	return site_fixture("desk_appointment", password=PASSWORD)


def test_the_unit_leader_appoints_a_new_coordinator_with_a_reason(page, desk_appointment):
	scene = desk_appointment
	login(page, scene["leader"], PASSWORD)
	click_page_action(page, f"/app/responsibility-group/{scene['group']}", "Oppnevn koordinator")
	dialog = page.locator(".modal-dialog:visible")
	dialog.wait_for(timeout=30000)
	field = dialog.locator('input[data-fieldname="coordinator"]')
	field.click()
	field.press_sequentially(scene["successor_name"], delay=20)
	page.locator(".awesomplete li", has_text=scene["successor_name"]).first.click()
	chosen = "|".join(re.escape(scene[key]) for key in ("successor", "successor_name"))
	expect(field).to_have_value(re.compile(f"^({chosen})$"), timeout=30000)
	dialog.locator('textarea[data-fieldname="reason"]').fill("Kari går ut i foreldrepermisjon")
	dialog.locator(".btn-primary:visible", has_text="Oppnevn").click()
	message = page.locator(".msgprint-dialog:visible .msgprint")
	page.wait_for_function(
		"() => !document.querySelector('.modal-dialog:not(.msgprint-dialog)')?.offsetParent"
		" || document.querySelector('.msgprint-dialog .msgprint')?.offsetParent",
		timeout=30000,
	)
	assert not message.count(), message.first.inner_text()
	page.wait_for_selector(".modal-dialog:visible", state="detached", timeout=30000)
	page.reload()
	form = page.locator(".form-layout")
	form.wait_for(timeout=30000)
	page.get_by_text("Oppnevninger av koordinator").first.click()
	table = page.locator('[data-fieldname="coordinator_appointments"]').first
	table.wait_for(timeout=30000)
	page.screenshot(path="/tmp/ansvarsgruppe-appointment.png", full_page=True)
	assert "Kari går ut i foreldrepermisjon" in table.inner_text()
	assert scene["successor_name"] in form.inner_text()
