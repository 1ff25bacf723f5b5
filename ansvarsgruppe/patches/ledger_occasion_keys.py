"""The ledger keeps one row per occasion and recipient: earlier rows (one per occasion) get their key as the
occasion's key, so what they record stays sent."""

import frappe
from frappe.query_builder import DocType


def execute():
	ledger = DocType("Sent Alert")
	frappe.qb.update(ledger).set(ledger.occasion_key, ledger.alert_key).where(
		ledger.occasion_key.isnull()
	).run()
