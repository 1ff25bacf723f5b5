"""Access decisions read the primary, never a lagging read replica (R5, R12: a consent withdrawn ends access
at once), also inside Frappe's ``@frappe.read_only()`` endpoints that a site with ``read_from_replica`` sends
to the replica.

The replica here is a second connection to the test database that took its snapshot (REPEATABLE READ)
before the consent was withdrawn: it answers exactly as a replica whose replication stopped then.
``scripts/cluster test`` repeats the same over HTTP against a real MariaDB replica."""

import json
from unittest import mock

import frappe
import frappe.database
from frappe.desk import reportview
from frappe.utils import getdate
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from ansvarsgruppe.permissions import gate
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


def stale_replica():
	"""A connection that reads the database as it is now, for as long as it lives."""
	conf = frappe.local.conf
	replica = frappe.database.get_db(
		host=conf.db_host,
		port=conf.db_port,
		user=conf.db_user or conf.db_name,
		password=conf.db_password,
		cur_db_name=conf.db_name,
	)
	replica.sql("start transaction with consistent snapshot")
	replica.sql("select count(*) from `tabConsent`")
	real_close = replica.close
	replica.close = lambda: None  # Frappe closes the replica after each read-only call; this one lives on
	replica.really_close = real_close
	return replica


class TestDecisionsOnPrimary(f.MunicipalityTestCase):
	language = None

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		town = cls.town = f.Municipality(cls.staff)
		group = f.advance(town.group, st.GROUP_APPROVED)
		cls.group = group.name
		f.make_member(group.name, town.teacher, town.school)
		frappe.db.commit()

	def setUp(self):
		super().setUp()
		self.replica = stale_replica()
		consent = frappe.get_doc("Consent", self.town.consent.name)
		consent.withdrawn_on, consent.withdrawal_reason = getdate(), "Trukket av foreldrene"
		consent.save()
		frappe.db.commit()
		stale = self.replica.sql("select status from `tabConsent` where name=%s", self.town.consent.name)
		self.assertEqual(stale[0][0], st.CONSENT_ACTIVE, "the replica is not behind")
		self.conf = mock.patch.dict(frappe.local.conf, {"read_from_replica": 1, "replica_host": "replica"})
		self.conf.start()
		self.get_db = mock.patch("frappe.database.get_db", return_value=self.replica)
		self.get_db.start()

	def tearDown(self):
		self.get_db.stop()
		self.conf.stop()
		self.forget_replica()
		self.replica.really_close()
		frappe.set_user("Administrator")
		frappe.db.set_value(
			"Consent", self.town.consent.name, {"withdrawn_on": None, "status": st.CONSENT_ACTIVE}
		)
		frappe.db.commit()
		if hasattr(frappe.local, "request"):
			del frappe.local.request
		super().tearDown()

	def forget_replica(self):
		"""What the end of a web request does: the next request connects its replica afresh."""
		for name in ("replica_db", "primary_db", "ansvarsgruppe_replica"):
			if hasattr(frappe.local, name):
				delattr(frappe.local, name)

	def request(self, user: str, method: str, **form):
		"""The gate's part of a web request by ``user`` to ``/api/method/<method>``."""
		frappe.set_user(user)
		frappe.local.request = Request(
			EnvironBuilder(path=f"/api/method/{method}", method="POST").get_environ()
		)
		frappe.local.form_dict = frappe._dict(form)
		gate.guard_request()

	def consents_listed(self, user: str) -> dict:
		"""``frappe.desk.reportview.get_list`` (a ``@frappe.read_only()`` method) of Consent as ``user``,
		after the gate: name to status."""
		arguments = {"doctype": "Consent", "fields": json.dumps(["name", "status"])}
		self.request(user, "frappe.desk.reportview.get_list", **arguments)
		try:
			rows = reportview.get_list(doctype="Consent", fields=["name", "status"], limit_page_length=0)
		finally:
			self.forget_replica()
		return {row["name"]: row["status"] for row in rows}

	def groups_listed(self, user: str) -> set:
		arguments = {"doctype": "Responsibility Group", "fields": json.dumps(["name"])}
		self.request(user, "frappe.desk.reportview.get_list", **arguments)
		try:
			rows = reportview.get_list(doctype="Responsibility Group", fields=["name"], limit_page_length=0)
			return {row["name"] for row in rows}
		finally:
			self.forget_replica()

	def test_r5_withdrawn_consent_ends_listing_at_once_though_replica_lags(self):
		self.assertNotIn(self.group, self.groups_listed(self.town.teacher))

	def test_r5_restricted_users_request_reads_the_primary(self):
		# the coordinator keeps the group (to close it) and reads the consent as it is now: withdrawn
		self.assertIn(self.group, self.groups_listed(self.town.coordinator))
		consents = self.consents_listed(self.town.coordinator)
		self.assertEqual(consents.get(self.town.consent.name), st.CONSENT_WITHDRAWN)

	def test_system_manager_keeps_the_replica(self):
		consents = self.consents_listed("Administrator")
		self.assertEqual(consents.get(self.town.consent.name), st.CONSENT_ACTIVE)

	def test_r5_decisions_outside_a_request_never_read_the_replica(self):
		"""A job or console that reads through the replica: a record's decision is read on the primary, and
		a list's row condition (SQL inside the replica's query) lets nothing through."""
		frappe.set_user(self.town.teacher)
		self.assertTrue(frappe.connect_replica())
		try:
			self.assertIs(frappe.local.db, self.replica)
			self.assertFalse(
				frappe.has_permission("Responsibility Group", doc=self.group, user=self.town.teacher)
			)
			self.assertEqual(frappe.get_list("Responsibility Group", filters={"name": self.group}), [])
			frappe.set_user(self.town.coordinator)
			self.assertEqual(frappe.get_list("Consent", filters={"name": self.town.consent.name}), [])
		finally:
			frappe.local.db = frappe.local.primary_db
			self.forget_replica()
