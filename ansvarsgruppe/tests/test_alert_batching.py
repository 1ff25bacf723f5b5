"""A daily run reads what its alerts need once, not once per alert: the ledger's rows of a send in one INSERT
(each address on its own only when one is taken), the recipients worked out once per send, the template read
and compiled once per run, and the documents of the run not read again before their send nor for their
mail. The alerts sent stay the same."""

import re
from contextlib import contextmanager
from unittest.mock import patch

import frappe
from frappe.core.doctype.communication import communication
from frappe.email.doctype.notification.notification import Notification, evaluate_alert
from frappe.model.document import Document
from frappe.utils.jinja import get_jenv

from ansvarsgruppe.alerts import ledger
from ansvarsgruppe.tests.test_outages import OutageTestCase, per_recipient

SUBJECT = "er ikke godkjent"  # R12: minutes not approved, to the minute-taker and the coordinator


@contextmanager
def statements(pattern: str):
	"""The SQL statements matching ``pattern`` sent meanwhile."""
	found = []
	original = frappe.db.sql

	def sql(query, *args, **kwargs):
		if re.search(pattern, str(query)):
			found.append(str(query))
		return original(query, *args, **kwargs)

	with patch.object(frappe.db, "sql", sql):
		yield found


class TestAlertBatching(OutageTestCase):
	def due_minutes(self):
		notification = frappe.get_doc("Notification", "Minutes Not Approved")
		(minutes,) = [d for d in notification.get_documents_for_today() if d.name == self.minutes.name]
		return notification, minutes

	def test_r12_a_send_writes_its_recipients_ledger_rows_in_one_insert(self):
		with self.on(self.d[2]):
			notification, minutes = self.due_minutes()
			with statements(r"(?i)^\s*insert into `tabSent Alert`") as inserts:
				notification.send(minutes)
		self.assertEqual(len(inserts), 1)
		self.assertEqual(
			frappe.db.count("Sent Alert", {"reference_name": self.minutes.name, "alert": notification.name}),
			2,
		)
		self.assertEqual(
			per_recipient(self.minutes.name, SUBJECT), {self.staff.teacher: 1, self.staff.coordinator: 1}
		)

	def test_r12_an_address_another_process_holds_leaves_the_others_claimed_one_by_one(self):
		with self.on(self.d[2]):
			notification, minutes = self.due_minutes()
			occasion = notification.date_occasion(minutes)
			self.assertTrue(ledger.claim(occasion, minutes, self.staff.teacher))  # "the other process"
			notification.send(minutes)
		self.assertEqual(frappe.db.count("Sent Alert", {"occasion_key": occasion.key}), 2)
		self.assertEqual(per_recipient(self.minutes.name, SUBJECT), {self.staff.coordinator: 1})

	def test_r12_the_recipients_are_worked_out_once_per_send(self):
		calls = []
		original = Notification.get_list_of_recipients

		def counted(notification, doc, context):
			calls.append(doc.name)
			return original(notification, doc, context)

		with self.on(self.d[2]):
			notification, minutes = self.due_minutes()
			with patch.object(Notification, "get_list_of_recipients", counted):
				notification.send(minutes)
		self.assertEqual(calls, [self.minutes.name])
		self.assertEqual(
			per_recipient(self.minutes.name, SUBJECT), {self.staff.teacher: 1, self.staff.coordinator: 1}
		)

	def test_r12_an_alerts_subject_and_message_are_compiled_once_per_run(self):
		"""Frappe compiles them for the e-mail and again for the system notification, for every document."""
		jenv = get_jenv()
		compiled = []
		original = type(jenv).from_string

		def from_string(env, source, *args, **kwargs):
			compiled.append(source)
			return original(env, source, *args, **kwargs)

		with self.on(self.d[2]):
			notification, minutes = self.due_minutes()
			with patch.object(type(jenv), "from_string", from_string):
				notification.send(minutes)
				sent = list(compiled)
				# outside an alert's send, a text is rendered as Frappe renders it: compiled each time
				for _ in range(2):
					frappe.render_template("{{ 1 + 1 }}", {})
		self.assertIn(notification.subject, sent)
		self.assertEqual(sorted(sent), sorted(set(sent)))
		self.assertEqual(compiled[len(sent) :], ["{{ 1 + 1 }}", "{{ 1 + 1 }}"])
		self.assertEqual(
			per_recipient(self.minutes.name, SUBJECT), {self.staff.teacher: 1, self.staff.coordinator: 1}
		)

	def test_r12_an_alerts_mail_is_about_the_document_in_hand_not_read_again(self):
		"""Frappe reads the mail's document again for its Communication (the parent of the timeline entry)."""
		parents = []
		original = communication.get_parent_doc

		def get_parent_doc(doc):
			parents.append(original(doc))
			return parents[-1]

		with self.on(self.d[2]):
			notification, minutes = self.due_minutes()
			with patch.object(communication, "get_parent_doc", get_parent_doc):
				notification.send(minutes)
		self.assertTrue(parents)
		self.assertTrue(all(parent is minutes for parent in parents))
		self.assertEqual(
			per_recipient(self.minutes.name, SUBJECT), {self.staff.teacher: 1, self.staff.coordinator: 1}
		)

	def test_r12_an_alerts_mail_does_not_read_its_document_into_the_cache(self):
		"""Frappe looks the mail's document up in its document cache for the Communication; not yet cached, it
		would be read with its tables and written to Redis for each mail of a daily run."""
		with self.on(self.d[2]):
			notification, minutes = self.due_minutes()
			frappe.clear_document_cache("Meeting Minutes", minutes.name)
			key = frappe.cache.make_key(frappe.get_document_cache_key("Meeting Minutes", minutes.name))
			with statements(r"(?i)^\s*select \* from `tab(Meeting Minutes|Meeting Participant)`") as reads:
				notification.send(minutes)
		self.assertEqual(reads, [])
		self.assertIsNone(frappe.cache.get(key))
		self.assertNotIn(key, frappe.local.cache)
		self.assertEqual(
			per_recipient(self.minutes.name, SUBJECT), {self.staff.teacher: 1, self.staff.coordinator: 1}
		)

	def test_the_template_is_read_once_per_notification_loaded(self):
		notification = frappe.get_doc("Notification", "Minutes Not Approved")
		with patch.object(Notification, "get_template", autospec=True, return_value="<p>x</p>") as template:
			for _ in range(3):
				notification.load_standard_properties({"doc": self.minutes, "alert": notification})
		self.assertEqual(template.call_count, 1)
		self.assertEqual(notification.message, "<p>x</p>")

	def test_r12_the_documents_of_a_run_are_not_read_again_before_their_send(self):
		"""Frappe's daily job reloads each document before its send; those of the run were read together."""
		reloaded = []
		original = Document.load_from_db

		def load_from_db(doc):
			reloaded.append(doc)
			return original(doc)

		with self.on(self.d[2]):
			notification, minutes = self.due_minutes()
			with patch.object(Document, "load_from_db", load_from_db):
				evaluate_alert(minutes, notification, notification.event)
		self.assertFalse([doc for doc in reloaded if doc is minutes])
		self.assertEqual(
			per_recipient(self.minutes.name, SUBJECT), {self.staff.teacher: 1, self.staff.coordinator: 1}
		)
