"""Once, also with two workers: the daily alert jobs run by two processes at the same moment against the
same site (two scheduler hosts, or a job retried while the first still runs) send each alert once to each
recipient (R2, R12, R13, R15 alerts), because the ledger's unique key per occasion and recipient is written
in the same transaction as the queued mail."""

import collections
import json
import os
import subprocess
import time

import frappe
from frappe.utils import add_days, get_bench_path

from ansvarsgruppe.tasks.catch_up import run_daily_alert_jobs
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_alerts import AlertTestCase
from ansvarsgruppe.tests.test_notifications import mails_about

GROUPS = 4


def run_daily_at(start: float):
	"""What each process runs (``bench --site SITE execute``): wait for the shared start, then the daily
	alert jobs; prints the jobs that failed."""
	time.sleep(max(0.0, start - time.time()))
	print(json.dumps(run_daily_alert_jobs()))


class TestTwoWorkersAtOnce(AlertTestCase):
	def setUp(self):
		super().setUp()
		s = self.staff
		self.expected = {}  # (document, subject fragment) -> recipients
		self.records = collections.defaultdict(list)
		for _ in range(GROUPS):
			town = f.Municipality(s)
			group = self.approve(town.group)
			f.make_member(group.name, s.teacher, s.school)
			group.reload()
			group.append(
				"transitions",
				{
					"transition_type": "Kindergarten to School",
					"from_service": "Barnehage",
					"to_service": "Skole",
					"planned_date": add_days(self.today, 14),
					"responsible": s.teacher,
				},
			)
			group.save()
			minutes = f.make_minutes(group.name, "Pre-meeting", days_ago=21, minute_taker=s.teacher)
			application = f.new_application(town.child).insert()
			frappe.db.set_value(
				"IP Application", application.name, "date_received", add_days(self.today, -31)
			)
			frappe.db.set_value(
				"Responsibility Group", group.name, "next_review_due", add_days(self.today, 30)
			)
			self.expected.update(
				{
					(group.name, "nærmer seg"): {s.coordinator},
					(group.name, "om 14 dager"): {s.teacher, s.coordinator},
					(minutes.name, "er ikke godkjent"): {s.teacher, s.coordinator},
					(application.name, "er ikke besvart"): {self.ke},
				}
			)
			self.records["Responsibility Group"].append(group.name)
			self.records["Meeting Minutes"].append(minutes.name)
			self.records["IP Application"].append(application.name)
		frappe.db.commit()  # the two processes see only committed data
		self.addCleanup(self.remove_records)

	def remove_records(self):
		names = [name for names in self.records.values() for name in names]
		queue = frappe.get_all("Email Queue", {"reference_name": ("in", names)}, pluck="name")
		frappe.db.delete("Email Queue Recipient", {"parent": ("in", queue or [""])})
		frappe.db.delete("Email Queue", {"name": ("in", queue or [""])})
		frappe.db.delete("Communication", {"reference_name": ("in", names)})
		frappe.db.delete("Notification Log", {"document_name": ("in", names)})
		frappe.db.delete("Sent Alert", {"reference_name": ("in", names)})
		frappe.db.delete("Group Transition", {"parent": ("in", self.records["Responsibility Group"])})
		for doctype, records in self.records.items():
			frappe.db.delete(doctype, {"name": ("in", records)})
		frappe.db.commit()

	def run_two_processes(self) -> list[tuple[int, str, str]]:
		bench = get_bench_path()
		start = time.time() + 8  # both processes have started by then and begin together
		command = [
			os.path.join(bench, "env", "bin", "python"),
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"--site",
			frappe.local.site,
			"execute",
			"ansvarsgruppe.tests.test_concurrency.run_daily_at",
			"--kwargs",
			json.dumps({"start": start}),
		]
		processes = [
			subprocess.Popen(
				command,
				cwd=os.path.join(bench, "sites"),
				stdout=subprocess.PIPE,
				stderr=subprocess.PIPE,
				text=True,
			)
			for _ in range(2)
		]
		results = []
		for process in processes:
			out, err = process.communicate(timeout=300)
			results.append((process.returncode, out, err))
		return results

	def test_two_processes_running_the_daily_jobs_at_once_send_each_alert_once(self):
		results = self.run_two_processes()
		for returncode, out, err in results:
			self.assertEqual(returncode, 0, f"{out}\n{err}")
		frappe.db.rollback()  # a fresh snapshot: what the processes committed
		for (name, fragment), recipients in self.expected.items():
			counts = collections.Counter()
			for mail in mails_about(name):
				if fragment in mail["subject"]:
					counts.update(mail["recipients"])
			for address in recipients:
				self.assertEqual(counts[address], 1, f"{fragment} {name} to {address}: {results}")
			self.assertEqual(max(counts.values()), 1, f"{fragment} {name}: {counts}")
		# the ledger: each occasion and recipient once, and each row points at a queued mail
		rows = frappe.get_all(
			"Sent Alert",
			{"reference_name": ("in", [n for names in self.records.values() for n in names])},
			["alert_key", "email_queue"],
		)
		self.assertGreaterEqual(len(rows), sum(len(r) for r in self.expected.values()))
		self.assertEqual(len(rows), len({row.alert_key for row in rows}))
		self.assertTrue(all(frappe.db.exists("Email Queue", row.email_queue) for row in rows))
