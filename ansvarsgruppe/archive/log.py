"""The archive's logs (packages, reopenings, corrections) are written once by the app and then kept."""

import frappe
from frappe import _


class KeptLog:
	"""Inserted by the app's own code (``flags.written_by_app``); never changed or deleted afterwards."""

	def validate(self):
		if not self.flags.written_by_app:
			frappe.throw(_("This log is written by the app and cannot be changed."), frappe.PermissionError)

	def on_trash(self):
		frappe.throw(_("This log is written by the app and cannot be changed."), frappe.PermissionError)


def write(doctype: str, values: dict):
	doc = frappe.get_doc({"doctype": doctype, **values})
	doc.flags.written_by_app = True
	doc.flags.ignore_permissions = True
	return doc.insert()
