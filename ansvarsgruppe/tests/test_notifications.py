"""KE, the unit leader and the coordinator are told, in Norwegian, of transitions that need them (R2, R16)."""

import email
from email import policy

import frappe
from frappe.utils import getdate

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


def mails_about(name: str) -> list[dict]:
	queue = frappe.get_all(
		"Email Queue", filters={"reference_name": name}, fields=["name", "message"], order_by="creation"
	)
	for mail in queue:
		parsed = email.message_from_string(mail.message, policy=policy.default)
		body = parsed.get_body(preferencelist=("plain",))
		mail["subject"], mail["text"] = str(parsed["subject"]), body.get_content() if body else ""
		mail["recipients"] = set(
			frappe.get_all("Email Queue Recipient", {"parent": mail.name}, pluck="recipient")
		)
	return queue


class TestTransitionNotices(f.MunicipalityTestCase):
	sends_email = True
	school_led = True
	with_town = True

	def setUp(self):
		frappe.db.delete("Email Queue")
		super().setUp()

	def find(self, name: str, recipient: str, subject_fragment: str) -> dict:
		for mail in mails_about(name):
			if recipient in mail["recipients"] and subject_fragment in mail["subject"]:
				return mail
		self.fail(f"no mail to {recipient} about {name} with '{subject_fragment}': {mails_about(name)}")

	def test_r2_application_received_goes_to_ke_and_decision_to_the_unit_leader(self):
		child = self.town.child
		app = f.new_application(child, applied_for="Both", needs_description="Behov for samordning").insert()
		mail = self.find(app.name, self.ke, "Ny søknad om IP/koordinator")
		self.assertIn("besvares innen en måned", mail["text"])
		self.assertNotIn(child.full_name, mail["subject"] + mail["text"], "no personal data in e-mail")
		self.assertEqual(mails_about(app.name)[0]["recipients"] & {self.leader}, set())

		app.responsible_unit, app.decision_date = self.staff.school, getdate()
		app.status = st.APPLICATION_DECIDED
		app.save()
		self.assertEqual(app.responsible_unit_leader, self.leader)
		self.find(app.name, self.leader, "Oppnevn koordinator")

	def test_r16_r19_ke_told_when_group_established_and_closed_and_to_archive(self):
		group = f.advance(self.town.group, st.GROUP_APPROVED)
		self.find(group.name, self.ke, "er opprettet")
		f.make_minutes(group.name, "Closing", days_ago=1)
		group.reload()
		group.closed_date, group.closing_reason, group.status = getdate(), "Mål nådd", st.GROUP_CLOSED
		group.save()
		closed = self.find(group.name, self.ke, "er avsluttet")
		# R19: documentation goes to the central archive when the group closes
		self.assertIn("arkiveres i sentralt arkiv", closed["text"])

	def test_r12_coordinator_told_when_draft_minutes_await_approval(self):
		group = f.advance(self.town.group, st.GROUP_APPROVED)
		minutes = f.advance(f.make_minutes(group.name, "Pre-meeting"), st.MINUTES_DRAFT)
		self.assertEqual(minutes.coordinator, self.staff.coordinator)
		self.find(minutes.name, self.staff.coordinator, "klart til godkjenning")
