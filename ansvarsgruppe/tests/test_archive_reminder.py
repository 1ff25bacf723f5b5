"""R19: an open group is reminded to archive twice a year (the standard Notification *Archive Reminder*),
once per occasion, never about a closed group; archiving moves the next reminder six months on."""

import frappe
from frappe.utils import add_days, add_months, getdate

from ansvarsgruppe.archive import package
from ansvarsgruppe.tests.test_alerts import AlertTestCase, fmt

SUBJECT = "skal arkiveres"


class TestArchiveReminder(AlertTestCase):
	def test_r19_coordinator_reminded_a_week_before_the_half_year_once(self):
		group = self.approve(self.town.group)
		due = getdate(frappe.db.get_value("Responsibility Group", group.name, "next_archive_due"))
		self.assertEqual(due, add_months(getdate(group.established_date), 6))
		self.assert_first_sent_on(
			add_days(due, -7),
			SUBJECT,
			group.name,
			f"Ansvarsgruppe {group.name} {SUBJECT}",
			{self.staff.coordinator},
			text=(fmt(due),),
		)
		mail = self.mails(group.name, SUBJECT)[0]
		self.assert_no_personal_data(mail)

	def test_r19_archiving_moves_the_reminder_and_a_closed_group_gets_none(self):
		group = self.approve(self.town.group)
		# what archiving writes on the group (the package itself is tested in test_archive)
		archived_on = add_days(getdate(), 10)
		frappe.db.set_value(
			"Responsibility Group",
			group.name,
			{
				"last_archived_on": archived_on,
				"next_archive_due": add_months(archived_on, package.ARCHIVE_EVERY_MONTHS),
			},
		)
		due = add_months(archived_on, 6)
		group = self.close(frappe.get_doc("Responsibility Group", group.name))
		self.run_on(add_days(due, -7))
		self.assert_none(group.name, SUBJECT)
