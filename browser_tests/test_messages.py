"""Messages between the family and the group (R5, R19): a parent writes from a phone with a photo, the
coordinator answers in the desk, the parent sees the answer and who has read their message."""

import base64

from conftest import BASE_URL, click_page_action, log_in_as_a_person, login, site_fixture
from test_portal import assert_accessible

PASSWORD = "Melding-Passord-2026!"
PHONE = {"width": 390, "height": 844}
# A 1 x 1 pixel PNG, the photo a parent takes with the phone.
PHOTO = base64.b64decode(
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_parent_writes_with_a_photo_the_coordinator_answers_in_the_desk(browser):
	family = site_fixture("message_family", password=PASSWORD)
	group = family["group"]
	phone = browser.new_context(base_url=BASE_URL, locale="nb-NO", viewport=PHONE, has_touch=True)
	parent = phone.new_page()
	log_in_as_a_person(parent, family["parent"], PASSWORD)
	parent.goto("/mine-ansvarsgrupper")
	form = parent.locator(f'form.ag-message-form[data-group="{group}"]')
	form.get_by_label("Ny melding til ansvarsgruppen").fill(
		"Kan møtet flyttes til torsdag? Her er timelisten."
	)
	form.get_by_label("Legg ved dokument eller bilde (PDF, JPEG eller PNG, høyst 10 MB)").set_input_files(
		{"name": "timeliste.png", "mimeType": "image/png", "buffer": PHOTO}
	)
	form.get_by_role("button", name="Send melding").click()
	mine = parent.locator(".ag-message-mine", has_text="Kan møtet flyttes til torsdag?")
	mine.wait_for(timeout=30000)
	assert mine.get_by_role("link", name="timeliste.png (PNG, 1 kB)").is_visible()
	assert mine.get_by_text("Ikke lest ennå").is_visible()
	assert_accessible(parent)

	desk = browser.new_context(base_url=BASE_URL, locale="nb-NO", viewport={"width": 1280, "height": 900})
	coordinator = desk.new_page()
	login(coordinator, family["coordinator"], PASSWORD)
	click_page_action(coordinator, f"/app/responsibility-group/{group}", "Meldinger")
	dialog = coordinator.locator(".modal-dialog:visible")
	dialog.get_by_text("Kan møtet flyttes til torsdag?").wait_for(timeout=30000)
	photo = dialog.get_by_role("link", name="timeliste.png")
	assert coordinator.request.get(photo.get_attribute("href")).body() == PHOTO
	dialog.locator('textarea[data-fieldname="text"]').fill("Ja, torsdag klokka 10 passer fint.")
	dialog.locator(".btn-primary", has_text="Send").click()
	dialog.get_by_text("Ja, torsdag klokka 10 passer fint.").wait_for(timeout=30000)
	coordinator.screenshot(path="/tmp/ansvarsgruppe-desk-messages.png", full_page=True)
	desk.close()

	parent.reload()
	parent.locator(".ag-message", has_text="Ja, torsdag klokka 10 passer fint.").wait_for(timeout=30000)
	assert (
		"Lest av Kari Koordinator"
		in parent.locator(".ag-message-mine", has_text="Kan møtet flyttes til torsdag?").inner_text()
	)
	parent.screenshot(path="/tmp/portal-messages-phone.png", full_page=True)
	assert_accessible(parent)
	phone.close()
