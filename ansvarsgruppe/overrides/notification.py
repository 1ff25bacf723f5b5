"""Frappe's Notification with the app's alerts' bookkeeping (hooks.py ``override_doctype_class``).

For the app's DocTypes: the documents due in one query (``alerts.date_alerts``), each once per occasion
(the ledger, Sent Alert), and never to a member of the group without access (R5); other DocTypes'
notifications behave exactly as in Frappe.
"""

import frappe
from frappe.email.doctype.notification.notification import Notification
from frappe.utils import getdate

from ansvarsgruppe.alerts.date_alerts import documents_due
from ansvarsgruppe.alerts.ledger import record
from ansvarsgruppe.alerts.recipients import ACCESS_GUARDED, addresses_without_access, group_of
from ansvarsgruppe.rules import alert_conditions

MODULE = "Ansvarsgruppe"


class AlertNotification(Notification):
	"""Frappe's Notification (hooked as ``override_doctype_class``), unchanged for other apps' DocTypes."""

	def is_app_alert(self) -> bool:
		return bool(self.document_type) and frappe.get_meta(self.document_type).module == MODULE

	def get_documents_for_today(self):
		if not self.is_app_alert():
			return super().get_documents_for_today()
		return documents_due(self)

	def get_list_of_recipients(self, doc, context):
		recipients, cc, bcc = super().get_list_of_recipients(doc, context)
		if self.is_app_alert():
			blocked = self.blocked_addresses(doc)
			recipients, cc, bcc = (
				alert_conditions.recipient_list(part, blocked) for part in (recipients, cc, bcc)
			)
			self.flags.recipients = alert_conditions.recipient_list(recipients + cc + bcc)
		return recipients, cc, bcc

	def blocked_addresses(self, doc) -> set[str]:
		"""``addresses_without_access`` once per group for this Notification's run: Frappe asks for the
		recipients once for the e-mail and again for the system notification, and a daily run sends this
		Notification about several documents of a group (a meeting's reminders, a group's transitions)."""
		group = group_of(doc) if doc.doctype in ACCESS_GUARDED else None
		if not group:
			return set()
		cache = self.flags.setdefault("blocked_by_group", {})
		if group not in cache:
			cache[group] = addresses_without_access(doc)
		return cache[group]

	def send(self, doc):
		self.flags.recipients = []
		super().send(doc)
		if self.is_app_alert() and self.event in alert_conditions.DATE_EVENTS and self.flags.recipients:
			occasion = getdate(doc.get(self.date_changed))
			record(
				alert_conditions.alert_key(self.name, doc.doctype, doc.name, occasion),
				self.name,
				doc,
				occasion,
				self.flags.recipients,
			)
