"""Nothing half-written: a step that writes several documents and sends mail is all or nothing. A later
part is made to fail (a doc_event hook installed for the test that refuses to queue the step's e-mail);
the user gets a Norwegian error and, once the request is rolled back as Frappe does on an error, no part
of the step is left: appointing a coordinator (R2, R16), approving minutes (R11, R13, R18), a consent
withdrawal (R4, R5)."""

from contextlib import contextmanager

import frappe
from frappe.utils import add_days, getdate

from ansvarsgruppe.alerts.ledger import MAIL_NOT_QUEUED
from ansvarsgruppe.exceptions import MailNotQueuedError
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f

REFUSE = "ansvarsgruppe.tests.test_atomic_steps.refuse"


def refuse(doc, method=None):
	raise frappe.ValidationError(f"{doc.doctype} refused by the test")


class TestAtomicSteps(f.MunicipalityTestCase):
	sends_email = True
	with_town = True

	@contextmanager
	def failing(self, doctype: str, event: str):
		"""A doc_event hook that raises, installed for the block only."""
		hooks = frappe.get_doc_hooks()
		handlers = hooks.setdefault(doctype, {}).setdefault(event, [])
		handlers.append(REFUSE)
		try:
			yield
		finally:
			handlers.remove(REFUSE)

	def rows(self, **filters) -> dict:
		"""What a step may write, counted."""
		return {
			doctype: frappe.db.count(doctype, flt)
			for doctype, flt in {
				"Responsibility Group": {},
				"Group Member": {},
				"Email Queue": {},
				"Communication": {},
				"Sent Alert": {},
				"Notification Log": {},
				"Version": {},
				"Comment": {},
				**filters,
			}.items()
		}

	def assert_nothing_written(self, step, before_values: dict):
		"""``step`` fails with the Norwegian error; after the rollback every count and value is as before."""
		frappe.db.commit()  # the state the user's request starts from
		before = self.rows()
		with self.failing("Email Queue", "before_insert"):
			self.assertRaises(MailNotQueuedError, step)
		frappe.db.rollback()  # what Frappe does with a request that raised
		self.assertEqual(self.rows(), before)
		for (doctype, name, field), value in before_values.items():
			self.assertEqual(frappe.db.get_value(doctype, name, field), value, f"{doctype} {name} {field}")
		self.assertNotEqual(
			frappe._(MAIL_NOT_QUEUED, lang="no"), MAIL_NOT_QUEUED, "the error is in Norwegian"
		)

	def test_r2_r16_appointing_a_coordinator_is_undone_when_its_notice_cannot_be_queued(self):
		child = f.make_service_user(relations=[f.parent()])
		application = f.new_application(child).insert()
		application.reload()
		application.responsible_unit, application.decision_date = self.staff.school, getdate()
		application.status = st.APPLICATION_DECIDED
		application.save()

		def appoint():
			doc = frappe.get_doc("IP Application", application.name)
			doc.appointed_coordinator, doc.status = self.staff.coordinator, st.APPLICATION_APPOINTED
			doc.coordinator_unit = self.staff.school
			doc.save()
			return doc

		self.assert_nothing_written(
			appoint,
			{
				("IP Application", application.name, "status"): st.APPLICATION_DECIDED,
				("IP Application", application.name, "responsibility_group"): None,
			},
		)
		appoint()  # with the mail working: every part
		self.assertTrue(frappe.db.exists("Responsibility Group", {"ip_application": application.name}))
		self.assertTrue(frappe.db.exists("Email Queue", {"reference_name": application.name}))

	def test_r11_r13_r18_approving_minutes_is_undone_when_their_mail_cannot_be_queued(self):
		group = f.advance(self.town.group, st.GROUP_APPROVED)
		f.make_member(group.name, self.staff.teacher, self.staff.school)
		plan = frappe.get_doc(
			{
				"doctype": "Individual Plan",
				"group": group.name,
				"status": "Approved",
				"plan_from": add_days(getdate(), -60),
				"next_revision_date": add_days(getdate(), 100),
				"goals": [{"goal": "Lese alderstilpasset tekst"}],
				"measures": [
					{
						"description": "Lesekurs",
						"responsible_person": self.staff.teacher,
						"start_date": add_days(getdate(), -30),
						"end_date": add_days(getdate(), 30),
						"status": "Ongoing",
					}
				],
			}
		).insert()
		f.make_minutes(group.name, "Pre-meeting", days_ago=30)  # R8: held before the group meets
		minutes = f.complete(f.make_minutes(group.name, "Annual Review", days_ago=1))
		minutes.plan_result, minutes.next_plan_revision = "Partly", add_days(getdate(), 300)
		minutes.distribution = []
		minutes.append("distribution", {"recipient_name": "Per Lærer", "user": self.staff.teacher})
		minutes.save()
		minutes = f.advance(minutes, st.MINUTES_DRAFT) if minutes.status != st.MINUTES_DRAFT else minutes
		group.reload()
		plan.reload()

		def approve():
			return f.advance(frappe.get_doc("Meeting Minutes", minutes.name), st.MINUTES_APPROVED)

		self.assert_nothing_written(
			approve,
			{
				("Meeting Minutes", minutes.name, "status"): st.MINUTES_DRAFT,
				("Responsibility Group", group.name, "last_annual_review"): group.last_annual_review,
				("Responsibility Group", group.name, "next_review_due"): group.next_review_due,
				("Individual Plan", plan.name, "next_revision_date"): plan.next_revision_date,
				("Individual Plan", plan.name, "modified"): plan.modified,
			},
		)
		approve()  # with the mail working: every part
		self.assertEqual(
			getdate(frappe.db.get_value("Individual Plan", plan.name, "next_revision_date")),
			getdate(minutes.next_plan_revision),
		)
		self.assertTrue(frappe.db.exists("Email Queue", {"reference_name": minutes.name}))

	def test_r4_r5_a_withdrawal_is_undone_when_its_notice_cannot_be_queued(self):
		group = f.advance(self.town.group, st.GROUP_APPROVED)
		f.make_member(group.name, self.staff.teacher, self.staff.school)
		consent = self.town.consent.name

		def withdraw():
			doc = frappe.get_doc("Consent", consent)
			doc.withdrawn_on, doc.withdrawal_reason = getdate(), "Trekker samtykket"
			doc.save()

		self.assert_nothing_written(
			withdraw,
			{
				("Consent", consent, "status"): st.CONSENT_ACTIVE,
				("Consent", consent, "withdrawn_on"): None,
			},
		)
		withdraw()  # with the mail working: every part
		self.assertEqual(frappe.db.get_value("Consent", consent, "status"), st.CONSENT_WITHDRAWN)
		self.assertTrue(frappe.db.exists("Sent Alert", {"reference_name": consent}))
