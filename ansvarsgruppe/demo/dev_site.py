"""What a development site needs beyond the demo data: mail to a local server, the daily jobs due."""

import datetime

import frappe
from frappe.utils import getdate, now_datetime

from ansvarsgruppe.demo.data import DEMO_DOMAIN


def use_mail_server(host: str = "127.0.0.1", port: int = 2525) -> str:
	"""The site's default outgoing Email Account, over plain SMTP to ``host``:``port`` (a local mail
	catcher on a development site). Idempotent; returns the account's name."""
	name = "Ansvarsgruppe (lokal e-post)"
	account = (
		frappe.get_doc("Email Account", name)
		if frappe.db.exists("Email Account", name)
		else frappe.new_doc("Email Account")
	)
	account.update(
		{
			"email_account_name": name,
			"email_id": f"ansvarsgruppe@{DEMO_DOMAIN}",
			"service": "",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"enable_incoming": 0,
			"smtp_server": host,
			"smtp_port": int(port),
			"use_tls": 0,
			"use_ssl_for_outgoing": 0,
			"no_smtp_authentication": 1,
			"awaiting_password": 0,
			"always_use_account_email_id_as_sender": 1,
		}
	)
	account.save(ignore_permissions=True)
	frappe.db.commit()
	return account.name


def run_daily_jobs_soon():
	"""Make the daily scheduled jobs due, so that a running scheduler sends the day's alerts within a
	minute instead of at the next midnight (a new development site has never run them)."""
	today = getdate()
	jobs = frappe.get_all(
		"Scheduled Job Type",
		filters={"frequency": ("in", ("Daily", "Daily Long")), "stopped": 0},
		fields=["name", "last_execution"],
	)
	for job in jobs:
		if not job.last_execution or getdate(job.last_execution) < today:
			frappe.db.set_value(
				"Scheduled Job Type", job.name, "last_execution", now_datetime() - datetime.timedelta(days=1)
			)
	frappe.db.commit()
