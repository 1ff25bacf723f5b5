import frappe
from frappe.model.document import Document


class SentAlert(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		alert: DF.Data | None
		alert_key: DF.Data
		email_queue: DF.Link | None
		occasion_date: DF.Date | None
		occasion_key: DF.Data | None
		recipient: DF.Data | None
		recipients: DF.SmallText | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		sent_on: DF.Datetime | None
	# end: auto-generated types
	pass


def on_doctype_update():
	# The daily alert jobs read the ledger about their candidates in one query per alert.
	frappe.db.add_index("Sent Alert", ["reference_name", "alert", "occasion_date"], "reference_alert")
