"""Through outages, by time travel: the scheduler skipped for days, a daily job that raised, a mail server
that refuses. Every alert that fell due meanwhile is sent once on the next run, says it is late, and is
not sent when its occasion stopped being true (R2, R4/R5, R9, R12–R15 alerts); mail stays queued until the
SMTP server answers and then goes out once."""

import collections
import contextlib
import email
from email import policy

import frappe
from frappe.utils import add_days

from ansvarsgruppe.alerts import ledger
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tasks.catch_up import FRAPPE_DAILY_ALERTS, run_daily_alert_jobs
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_alerts import AlertTestCase, fmt
from ansvarsgruppe.tests.test_notifications import mails_about

LATE = "kommer for sent"


def per_recipient(name: str, subject_fragment: str) -> collections.Counter:
	"""How many mails about ``name`` with the subject fragment each recipient got (the Email Queue)."""
	counts = collections.Counter()
	for mail in mails_about(name):
		if subject_fragment in mail["subject"]:
			counts.update(mail["recipients"])
	return counts


class OutageTestCase(AlertTestCase):
	"""A group with every kind of alert falling due on the three days after ``today`` (D1, D2, D3), while
	the scheduler last ran today (D0) and runs next on D4."""

	def setUp(self):
		super().setUp()
		s = self.staff
		self.d = [add_days(self.today, n) for n in range(6)]
		self.group = self.approve(self.town.group)
		self.teacher = f.make_member(self.group.name, s.teacher, s.school)
		self.nurse = f.make_member(self.group.name, s.nurse, s.health)
		# R15 transition in 14 days: falls due on D3
		self.group.reload()
		self.group.append(
			"transitions",
			{
				"transition_type": "Kindergarten to School",
				"from_service": "Barnehage",
				"to_service": "Skole",
				"planned_date": add_days(self.d[3], 14),
				"responsible": s.teacher,
			},
		)
		self.group.save()
		self.transition = self.group.transitions[-1]
		# R12 minutes not approved 21 days after the meeting: falls due on D2
		self.minutes = f.make_minutes(self.group.name, "Pre-meeting", days_ago=0, minute_taker=s.teacher)
		frappe.db.set_value(
			"Meeting Minutes",
			self.minutes.name,
			{"meeting_date": add_days(self.d[2], -21), "approval_reminder_date": self.d[2]},
		)
		# R2 application unanswered after 30 days: falls due on D1
		self.application = f.new_application(self.town.child).insert()
		frappe.db.set_value(
			"IP Application", self.application.name, "date_received", add_days(self.d[1], -31)
		)
		# R4/R5 a withdrawal for the health unit registered ahead, taking effect on D2
		self.consent = frappe.get_doc("Consent", self.town.consent.name)
		health = next(p for p in self.consent.partners if p.service_unit == s.health)
		health.withdrawn_on, health.withdrawal_reason = self.d[2], "Flytter"
		self.consent.save()
		# R14 the weekly reminder of an unanswered issue: falls due on D3
		with self.set_user(s.coordinator):
			self.issue = frappe.get_doc(
				{
					"doctype": "Escalation",
					"group": self.group.name,
					"title": "Behov for avlastning",
					"service_unit": s.school,
					"issue": "Gruppen er uenig om hvem som skal dekke avlastningen.",
				}
			).insert()
		frappe.db.set_value("Escalation", self.issue.name, "raised_on", add_days(self.d[3], -7))
		# R13 annual review due in 30 days: falls due on D1 (set last: a meeting moves the group's dates)
		frappe.db.set_value(
			"Responsibility Group", self.group.name, "next_review_due", add_days(self.d[1], 30)
		)
		frappe.db.commit()

	def tearDown(self):
		# The records were committed (the daily run commits): close them, so that later runs do not send
		# their alerts again and again.
		frappe.db.set_value("Responsibility Group", self.group.name, "status", st.GROUP_CLOSED)
		frappe.db.set_value("IP Application", self.application.name, "status", st.APPLICATION_DECIDED)
		frappe.db.commit()
		super().tearDown()

	def run_on(self, day, expect_failures=()):
		with self.on(day):
			failed = run_daily_alert_jobs()
		self.assertEqual(failed, list(expect_failures))

	def expected(self) -> dict:
		"""(document, subject fragment) → (recipients, the day it fell due)."""
		s = self.staff
		return {
			(self.group.name, "nærmer seg"): ({s.coordinator}, self.d[1]),
			(self.application.name, "er ikke besvart"): ({self.ke}, self.d[1]),
			(self.minutes.name, "er ikke godkjent"): ({s.teacher, s.coordinator}, self.d[2]),
			(self.consent.name, "er trukket tilbake"): ({s.coordinator}, self.d[2]),
			(self.group.name, "om 14 dager"): ({s.teacher, s.coordinator}, self.d[3]),
			(self.issue.name, "venter på svar"): ({self.leader}, self.d[3]),
		}

	def assert_each_once(self, expected=None, late_on=None, on_time=()):
		"""Each expected alert once to each of its recipients; those that fell due before ``late_on`` (and
		were not sent on their day, ``on_time``) say they are late."""
		for (name, fragment), (recipients, due) in (expected or self.expected()).items():
			counts = per_recipient(name, fragment)
			for address in recipients:
				self.assertEqual(counts[address], 1, f"{fragment} about {name} to {address}: {counts}")
			self.assertEqual(max(counts.values()), 1, f"{fragment} about {name}: {counts}")
			(mail,) = self.mails(name, fragment)
			if late_on is not None and due < late_on and name not in on_time:
				self.assertIn(f"Dette varselet {LATE}: det skulle vært sendt {fmt(due)}.", mail["text"])


class TestCatchUpAfterOutage(OutageTestCase):
	def test_alerts_due_while_the_scheduler_was_off_are_sent_once_on_the_next_run(self):
		self.run_on(self.d[0])
		for name, fragment in self.expected():
			self.assertEqual(per_recipient(name, fragment), {}, f"{fragment} is not due on D0")
		# D1, D2 and D3 skipped (server down, scheduler paused for an upgrade)
		self.run_on(self.d[4])
		self.assert_each_once(late_on=self.d[4])
		self.run_on(self.d[4])  # again the same day, and the next day: nothing twice
		self.run_on(self.d[5])
		self.assert_each_once()
		# the ledger: one row per occasion and recipient, each pointing at its queued mail
		rows = frappe.get_all(
			"Sent Alert",
			filters={"reference_name": ("in", [self.group.name, self.minutes.name])},
			fields=["occasion_key", "recipient", "email_queue"],
		)
		self.assertEqual(len(rows), len({(r.occasion_key, r.recipient) for r in rows}))
		self.assertTrue(all(r.email_queue for r in rows))

	def test_a_job_that_raised_on_day_one_is_caught_up_once(self):
		broken = frappe.get_doc(
			{
				"doctype": "Notification",
				"name": "Kommunens ødelagte varsel",
				"subject": "Ødelagt {{ doc.name }}",
				"document_type": "Responsibility Group",
				"event": "Days Before",
				"date_changed": "next_review_due",
				"days_in_advance": 30,
				"channel": "Email",
				"condition": "doc.name and 1 / 0",  # passes the form's check, fails on every group
				"message": "<p>Ødelagt</p>",
				"recipients": [{"receiver_by_document_field": "coordinator"}],
			}
		).insert()
		self.addCleanup(self.remove_notification, broken.name)
		# the newest Notification, so that Frappe's daily job meets it first and stops there
		frappe.db.set_value("Notification", broken.name, "modified", "2099-01-01", update_modified=False)
		frappe.db.commit()
		self.run_on(self.d[1], expect_failures=[FRAPPE_DAILY_ALERTS])
		self.assertTrue(
			frappe.db.exists("Error Log", {"method": f"Daily alert job failed: {FRAPPE_DAILY_ALERTS}"})
		)
		self.assertEqual(per_recipient(self.group.name, "nærmer seg"), {}, "the date alerts failed on D1")
		self.assertEqual(
			per_recipient(self.application.name, "er ikke besvart")[self.ke], 1, "the app's job ran"
		)
		broken.reload()
		broken.enabled = 0
		broken.save()
		frappe.db.commit()
		self.run_on(self.d[4])
		self.assert_each_once(late_on=self.d[4], on_time=(self.application.name,))
		(mail,) = self.mails(self.application.name, "er ikke besvart")
		self.assertNotIn(LATE, mail["text"], "sent on its day (D1)")

	def test_nothing_is_sent_for_an_occasion_that_stopped_being_true(self):
		s = self.staff
		# before the run on D4: the review was held (the next one a year on), the minutes approved, the
		# transition done, the application decided, the withdrawal taken back, the issue answered
		frappe.db.set_value(
			"Responsibility Group", self.group.name, "next_review_due", add_days(self.d[1], 365)
		)
		frappe.db.set_value("Meeting Minutes", self.minutes.name, "status", st.MINUTES_APPROVED)
		frappe.db.set_value("Group Transition", self.transition.name, {"done": 1, "done_date": self.d[1]})
		frappe.db.set_value(
			"IP Application",
			self.application.name,
			{"status": st.APPLICATION_DECIDED, "responsible_unit": s.school, "decision_date": self.d[1]},
		)
		frappe.db.set_value(
			"Consent Partner", {"parent": self.consent.name, "service_unit": s.health}, "withdrawn_on", None
		)
		frappe.db.set_value("Escalation", self.issue.name, "status", st.ESCALATION_ANSWERED)
		frappe.db.commit()
		self.run_on(self.d[4])
		for name, fragment in self.expected():
			self.assertEqual(per_recipient(name, fragment), {}, f"{fragment} about {name} is no longer true")
		self.assertFalse(
			frappe.db.exists("Sent Alert", {"reference_name": ("in", [self.group.name, self.minutes.name])})
		)

	def test_the_catch_up_window_is_the_administrators_setting(self):
		self.set_window(2)
		self.addCleanup(self.set_window, 14)
		self.run_on(self.d[4])  # D1 is three days back: too late; D2 and D3 within two days
		expected = self.expected()
		for key, (_recipients, due) in list(expected.items()):
			if due == self.d[1]:
				self.assertEqual(per_recipient(*key), {}, f"{key} fell due outside the window")
				del expected[key]
		self.assert_each_once(expected, late_on=self.d[4])
		self.set_window(0)
		self.run_on(self.d[5])  # 0: only what falls due that day, as Frappe itself does
		self.assertEqual(per_recipient(self.group.name, "nærmer seg"), {})

	def test_the_administrators_own_text_and_days_are_caught_up_with_the_late_line(self):
		original = frappe.get_doc("Notification", "Minutes Not Approved")
		original.enabled = 0
		original.save()
		self.addCleanup(self.enable_notification, original.name)
		copy = frappe.copy_doc(original)
		copy.name, copy.is_standard, copy.enabled = "Kommunens purring på referat", 0, 1
		# 20 days after the meeting, one day before the standard reminder: due on D1
		copy.date_changed, copy.days_in_advance = "meeting_date", 20
		copy.subject = "Kommunen: referat {{ doc.name }} mangler godkjenning"
		copy.message_type = "Markdown"
		copy.message = "Referat {{ doc.name }} er ikke godkjent. Ring koordinerende enhet."
		copy.insert()
		self.addCleanup(self.remove_notification, copy.name)
		frappe.db.commit()
		self.run_on(self.d[4])
		self.assert_each_once(
			{
				(self.minutes.name, "mangler godkjenning"): (
					{self.staff.teacher, self.staff.coordinator},
					self.d[1],
				)
			},
			late_on=self.d[4],
		)
		(mail,) = self.mails(self.minutes.name, "mangler godkjenning")
		self.assertIn(
			f"Referat {self.minutes.name} er ikke godkjent. Ring koordinerende enhet.", mail["text"]
		)
		self.assertEqual(per_recipient(self.minutes.name, "er ikke godkjent"), {}, "the original is off")

	def set_window(self, days: int):
		frappe.db.set_single_value("Ansvarsgruppe Settings", "alert_catch_up_days", days)
		frappe.db.commit()

	def remove_notification(self, name):
		frappe.delete_doc("Notification", name, force=True, ignore_permissions=True)
		frappe.db.commit()

	def enable_notification(self, name):
		frappe.db.set_value("Notification", name, "enabled", 1, update_modified=False)
		frappe.db.commit()


class TestNothingMarkedSentThatWasNotQueued(OutageTestCase):
	def test_a_mail_that_could_not_be_queued_leaves_no_ledger_row_and_is_sent_on_the_next_run(self):
		# The coordinator's address refuses all mail (Email Unsubscribe): Frappe queues nothing to it.
		block = frappe.get_doc(
			{"doctype": "Email Unsubscribe", "email": self.staff.coordinator, "global_unsubscribe": 1}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		self.run_on(self.d[1])
		self.assertEqual(per_recipient(self.group.name, "nærmer seg"), {})
		self.assertFalse(
			frappe.db.exists("Sent Alert", {"reference_name": self.group.name, "alert": "Annual Review Due"})
		)
		block.delete(ignore_permissions=True)
		frappe.db.commit()
		self.run_on(self.d[2])
		self.assertEqual(per_recipient(self.group.name, "nærmer seg"), {self.staff.coordinator: 1})

	def test_an_address_another_process_holds_gets_no_mail_from_this_one(self):
		"""Once also with two workers: the other process wrote the ledger's row for this occasion and the
		coordinator first (after this one read its candidates); this one's mail is rolled back."""
		notification = frappe.get_doc("Notification", "Annual Review Due")
		with self.on(self.d[1]):
			(group,) = [doc for doc in notification.get_documents_for_today() if doc.name == self.group.name]
			occasion = notification.date_occasion(group)
			self.assertTrue(ledger.claim(occasion, group, self.staff.coordinator))  # "the other process"
			queued, communications = frappe.db.count("Email Queue"), frappe.db.count("Communication")
			notification.send(group)
		self.assertEqual(frappe.db.count("Email Queue"), queued)
		self.assertEqual(frappe.db.count("Communication"), communications)
		self.assertEqual(frappe.db.count("Sent Alert", {"occasion_key": occasion.key}), 1)
		self.assertEqual(per_recipient(self.group.name, "nærmer seg"), {})


class SMTPCatcher:
	"""A local SMTP server (aiosmtpd) on 127.0.0.1 that is down until ``start`` and keeps what it receives:
	one (recipient, subject) per delivery."""

	def __init__(self):
		import socket

		with socket.socket() as probe:
			probe.bind(("127.0.0.1", 0))
			self.port = probe.getsockname()[1]
		self.received: list[tuple[str, str]] = []
		self.controller = None

	async def handle_DATA(self, server, session, envelope):
		message = email.message_from_bytes(envelope.content, policy=policy.default)
		for recipient in envelope.rcpt_tos:
			self.received.append((recipient, str(message["subject"])))
		return "250 OK"

	def start(self):
		from aiosmtpd.controller import Controller

		self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
		self.controller.start()

	def stop(self):
		if self.controller:
			self.controller.stop()
			self.controller = None


class TestMailServerDown(OutageTestCase):
	ACCOUNT = "Ansvarsgruppe test"

	def setUp(self):
		super().setUp()
		self.smtp = SMTPCatcher()
		self.addCleanup(self.smtp.stop)
		self.point_account_at(("127.0.0.1", self.smtp.port))
		self.addCleanup(self.point_account_at, ("smtp.example.no", None))
		frappe.flags.testing_email = True  # Frappe's Email Queue talks to the SMTP server in this test
		self.addCleanup(setattr, frappe.flags, "testing_email", False)

	def point_account_at(self, server):
		frappe.db.set_value(
			"Email Account",
			self.ACCOUNT,
			{"smtp_server": server[0], "smtp_port": server[1], "use_tls": 0, "use_ssl": 0},
		)
		frappe.clear_document_cache("Email Account", self.ACCOUNT)
		frappe.local.outgoing_email_account = {}
		frappe.db.commit()

	def flush(self):
		"""Frappe's scheduled flush of the Email Queue (which gives up, raising, after many failures)."""
		from frappe.email.queue import flush

		with contextlib.suppress(frappe.ValidationError):
			flush()
		frappe.local.message_log = []

	def keep_only_this_tests_mails(self):
		"""Earlier tests' records may have alerts due too: the flushes here deal with this test's mails."""
		mine = [self.group.name, self.application.name, self.minutes.name, self.consent.name, self.issue.name]
		others = frappe.get_all("Email Queue", {"reference_name": ("not in", mine)}, pluck="name")
		if others:
			frappe.db.delete("Email Queue Recipient", {"parent": ("in", others)})
			frappe.db.delete("Email Queue", {"name": ("in", others)})
		frappe.db.commit()

	def statuses(self) -> dict[str, str]:
		return dict(frappe.get_all("Email Queue", fields=["name", "status"], as_list=True))

	def test_mail_stays_queued_while_the_server_refuses_and_goes_out_once_when_it_answers(self):
		self.run_on(self.d[1])  # the review and application alerts of D1 are queued
		self.keep_only_this_tests_mails()
		queued = self.statuses()
		self.assertGreaterEqual(len(queued), 2)
		self.flush()  # the server refuses the connection
		self.assertEqual(set(self.statuses().values()), {"Not Sent"})
		self.assertEqual(self.smtp.received, [])
		self.assertTrue(
			frappe.db.exists(
				"Sent Alert", {"reference_name": self.group.name, "email_queue": ("in", list(queued))}
			)
		)
		self.smtp.start()
		self.flush()
		self.flush()
		self.assertEqual(set(self.statuses().values()), {"Sent"})
		counts = collections.Counter(self.smtp.received)
		review = [(to, subject) for to, subject in counts if f"{self.group.name} nærmer seg" in subject]
		self.assertEqual(review, [(self.staff.coordinator, review[0][1])] if review else ["the review alert"])
		self.assertEqual(max(counts.values()), 1, counts)
		self.assertEqual(
			sum(counts.values()), frappe.db.count("Email Queue Recipient", {"parent": ("in", list(queued))})
		)

	def test_a_mail_that_keeps_failing_is_shown_to_the_administrator_and_can_be_retried(self):
		self.run_on(self.d[1])
		self.keep_only_this_tests_mails()
		mails = list(self.statuses())
		# Frappe retries three times (System Settings' e-mail retry limit), then gives up; each flush gives up
		# itself after a few failures, so it takes a few more
		for _ in range(30):
			self.flush()
			if set(self.statuses().values()) == {"Error"}:
				break
		self.assertEqual(set(self.statuses().values()), {"Error"})
		self.assertTrue(
			frappe.db.exists(
				"Notification Log",
				{"document_type": "Email Queue", "document_name": ("in", mails), "for_user": "Administrator"},
			),
			"the administrator is told of the failed mail",
		)
		self.smtp.start()
		for name in mails:  # the administrator's "Retry" in the Email Queue
			frappe.get_doc("Email Queue", name).retry_sending()
		self.flush()
		self.assertEqual(set(self.statuses().values()), {"Sent"})
		self.assertEqual(max(collections.Counter(self.smtp.received).values()), 1)
