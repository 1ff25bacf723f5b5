"""Individual plans follow a workflow (draft, approved, under revision, closed): a plan stored as
"Revised" was an approved revision, so it is approved."""

import frappe


def execute():
	frappe.db.sql("UPDATE `tabIndividual Plan` SET status = 'Approved' WHERE status = 'Revised'")
