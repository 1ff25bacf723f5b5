"""The daily alert jobs run at once, as the scheduler runs them: Frappe's ``trigger_daily_alerts`` (the
date-based Notifications) and the app's own daily jobs (``scheduler_events``), each on its own, a failing
one logged (Error Log) without stopping the others.

The scheduler runs them every night; after an outage an administrator may run them at once instead of
waiting: ``bench --site SITE execute ansvarsgruppe.tasks.catch_up.run_daily_alert_jobs``. Every alert that
fell due within the catch-up window (Ansvarsgruppe Settings) and is still true is sent once, saying it is
late; running it again, or on two hosts at the same time, sends nothing twice (the ledger, Sent Alert).
"""

import frappe

FRAPPE_DAILY_ALERTS = "frappe.email.doctype.notification.notification.trigger_daily_alerts"


def daily_alert_jobs() -> list[str]:
	"""The dotted paths of the daily jobs that send alerts: Frappe's and every one the app hooks."""
	app_jobs = frappe.get_hooks("scheduler_events", app_name="ansvarsgruppe").get("daily", [])
	return [FRAPPE_DAILY_ALERTS, *app_jobs]


def run_daily_alert_jobs() -> list[str]:
	"""Run each daily alert job once, committing after each; the jobs that failed (each logged)."""
	failed = []
	for job in daily_alert_jobs():
		try:
			frappe.get_attr(job)()
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=f"Daily alert job failed: {job}")
			frappe.db.commit()
			failed.append(job)
	return failed
