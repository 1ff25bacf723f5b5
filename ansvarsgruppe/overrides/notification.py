"""Frappe's Notification with the app's alerts' bookkeeping (hooks.py ``override_doctype_class``).

For the app's DocTypes: the documents due in one query (``alerts.date_alerts``), also those whose day was
missed within the catch-up window, each once per occasion and recipient (the ledger, Sent Alert, written in
the same transaction as the queued mail), never to a member of the group without access (R5), and a mail
sent after its day says so. Other DocTypes' notifications behave exactly as in Frappe.
"""

import contextlib

import frappe
from frappe import _
from frappe.email.doctype.notification.notification import Notification
from frappe.modules.utils import get_doc_module
from frappe.utils import escape_html, formatdate, getdate
from frappe.utils.jinja import get_jenv, guess_is_path
from jinja2 import TemplateError

from ansvarsgruppe.alerts import ledger
from ansvarsgruppe.alerts.date_alerts import documents_due
from ansvarsgruppe.alerts.recipients import ACCESS_GUARDED, addresses_without_access, group_of
from ansvarsgruppe.rules import alert_conditions

MODULE = "Ansvarsgruppe"
ALERT_LANGUAGE = "no"  # the alerts' texts are Norwegian, whoever runs the job


_frappes_render_template = frappe.render_template


def _render_template(template, context=None, is_path=None, safe_render=True):
	"""``frappe.render_template``; inside an alert's send (``templates_compiled_once``) a template text is
	compiled once per Jinja environment: the current request's or job's, with its own globals."""
	if (
		not frappe.flags.ansvarsgruppe_compile_once
		or not isinstance(template, str)
		or not template
		or is_path
		or guess_is_path(template)
		or (safe_render and ".__" in template)
	):
		return _frappes_render_template(template, context, is_path, safe_render)
	jenv = get_jenv()
	compiled = jenv.__dict__.setdefault("ansvarsgruppe_compiled", {})
	try:
		if template not in compiled:
			compiled[template] = jenv.from_string(template)
		return compiled[template].render(context or {})
	except TemplateError:
		return _frappes_render_template(template, context, is_path, safe_render)  # Frappe's message for it


@contextlib.contextmanager
def templates_compiled_once():
	"""Each template text compiled once per Jinja environment while an alert is sent, as Jinja keeps a
	template file: Frappe compiles an alert's subject and message again for every document, and again for
	its system notification. The same environment and checks: a path, an unsafe text or an error goes to
	Frappe's own. The switch is the request's or job's own flag, so a request served beside it in another
	thread renders as Frappe does."""
	if frappe.render_template is not _render_template:
		frappe.render_template = _render_template
	outer, frappe.flags.ansvarsgruppe_compile_once = frappe.flags.ansvarsgruppe_compile_once, True
	try:
		yield
	finally:
		frappe.flags.ansvarsgruppe_compile_once = outer


def mailed_about(doc):
	"""The document an alert's mail is about: ``doc``, or for a table row its parent (read with the row)."""
	return doc.parent_doc if doc is not None and doc.meta.istable else doc


def about_the_alerts_document(communication, method=None):
	"""The Communication of an alert's mail (hooks.py ``doc_events``): Frappe reads its document again from
	the database once it is saved (``get_parent_doc``, for the parent's timeline and status); an alert being
	sent has that document in hand, read in the same run, and gives it instead."""
	doc = mailed_about(frappe.flags.ansvarsgruppe_alert_document)
	if doc is not None and (communication.reference_doctype, communication.reference_name) == (
		doc.doctype,
		doc.name,
	):
		communication.parent_doc = doc


@contextlib.contextmanager
def cached_while_sent(doc):
	"""While an alert's mail is made, Frappe's document cache answers for its document with the one in hand.
	The mail's Communication looks it up there (``update_comments_in_parent`` reads its ``route``): with the
	document not yet cached, as for most of a daily run's documents, that reads it and its tables from the
	database and writes it to Redis, for each mail. Only in this process and for this send."""
	key = doc and frappe.cache.make_key(frappe.get_document_cache_key(doc.doctype, doc.name))
	if not key or key in frappe.local.cache:
		yield
		return
	frappe.local.cache[key] = doc
	try:
		yield
	finally:
		frappe.local.cache.pop(key, None)


class AlertNotification(Notification):
	"""Frappe's Notification (hooked as ``override_doctype_class``), unchanged for other apps' DocTypes."""

	def is_app_alert(self) -> bool:
		return bool(self.document_type) and frappe.get_meta(self.document_type).module == MODULE

	def get_documents_for_today(self):
		if not self.is_app_alert():
			return super().get_documents_for_today()
		return documents_due(self)

	def get_list_of_recipients(self, doc, context):
		# Frappe asks three times in one send (the ledger, the e-mail, the system notification): worked out
		# once per send of a document (``flags.recipients_of``).
		cache, key = self.flags.recipients_of, (doc.doctype, doc.name)
		if cache is not None and key in cache:
			recipients, cc, bcc = (list(part) for part in cache[key])
		else:
			recipients, cc, bcc = super().get_list_of_recipients(doc, context)
			if self.is_app_alert():
				blocked = self.blocked_addresses(doc)
				recipients, cc, bcc = (
					alert_conditions.recipient_list(part, blocked) for part in (recipients, cc, bcc)
				)
			if cache is not None:
				cache[key] = (list(recipients), list(cc), list(bcc))
		if self.is_app_alert():
			if self.flags.claimed is not None:  # an occasion: only the addresses this run holds in the ledger
				recipients, cc, bcc = (
					[a for a in part if a.lower() in self.flags.claimed] for part in (recipients, cc, bcc)
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

	def date_occasion(self, doc) -> ledger.Occasion | None:
		"""The occasion of a "Days Before"/"Days After" alert about ``doc``: its date field's value."""
		if not (
			self.is_app_alert() and self.event in alert_conditions.DATE_EVENTS and doc.get(self.date_changed)
		):
			return None
		occasion = getdate(doc.get(self.date_changed))
		return ledger.Occasion(
			key=alert_conditions.alert_key(self.name, doc.doctype, doc.name, occasion),
			alert=self.name,
			occasion=occasion,
			due_on=alert_conditions.due_day(self.event, self.days_in_advance, occasion),
			own_transaction=True,  # Frappe's daily job commits after each document
		)

	def send(self, doc):
		"""Frappe's ``send``, for the app's alerts with their templates compiled once a run, and the mail's
		Communication given the document in hand (``about_the_alerts_document``, ``cached_while_sent``)."""
		if not self.is_app_alert():
			return self.send_with_ledger(doc)
		in_hand, frappe.flags.ansvarsgruppe_alert_document = frappe.flags.ansvarsgruppe_alert_document, doc
		try:
			with templates_compiled_once(), cached_while_sent(mailed_about(doc)):
				return self.send_with_ledger(doc)
		finally:
			frappe.flags.ansvarsgruppe_alert_document = in_hand

	def send_with_ledger(self, doc):
		"""For an occasion (a date alert, or a code-timed one that set ``flags.occasion``) the ledger's rows
		for its recipients are written first, in a savepoint with the mail: an address another process holds
		is left out, and if no mail was queued nothing stays written (the next run tries again)."""
		occasion = self.flags.occasion or self.date_occasion(doc)
		self.flags.recipients = []
		self.flags.update(mail_error=None, mail_exception=None, recipients_of={})
		if occasion is None:
			try:
				super().send(doc)
			finally:
				self.flags.recipients_of = None
			self.fail_step_if_mail_failed(doc)
			return
		self.flags.update(occasion=occasion, claimed=None, queued_mails=[])
		point = ledger.savepoint()
		try:
			try:
				claimed = self.claim(doc, occasion, point)
			except ledger.OccasionLost:
				return  # the other process sends it; this transaction is gone, and with it the savepoint
			if claimed:
				self.flags.claimed = {address.lower() for address in claimed}
				super().send(doc)
				if self.channel == "Email" and not self.flags.queued_mails:
					claimed = {}
				else:
					ledger.link_mail(list(claimed.values()), (self.flags.queued_mails or [None])[-1])
			if claimed:
				frappe.db.release_savepoint(point)
			else:
				frappe.db.rollback(save_point=point)
				if self.flags.mail_error and occasion.own_transaction:
					# logged again (Frappe's own log went with the rollback); the next run tries again
					self.log_error(_("The alert's e-mail was not queued"), self.flags.mail_error)
				else:
					self.fail_step_if_mail_failed(doc)
			self.flags.recipients = list(claimed)
		except Exception:
			# (if the database ended the transaction, a deadlock, the savepoint went with it)
			with contextlib.suppress(Exception):
				frappe.db.rollback(save_point=point)
			raise
		finally:
			self.flags.update(occasion=None, claimed=None, queued_mails=None, recipients_of=None)

	def claim(self, doc, occasion: ledger.Occasion, point: str) -> dict[str, str]:
		"""The ledger rows written for ``occasion``'s recipients, by address (those not taken), in one
		INSERT unless a key is taken (``point``: the savepoint set just before)."""
		context = {"doc": doc, "alert": self, "comments": None}
		if self.is_standard:
			self.load_standard_properties(context)
		recipients, cc, bcc = self.get_list_of_recipients(doc, context)
		return ledger.claim_all(occasion, doc, alert_conditions.recipient_list(recipients + cc + bcc), point)

	def load_standard_properties(self, context):
		"""Frappe's, with the template file read once per Notification loaded (a daily run sends it about
		many documents); the module's ``get_context`` still runs for each."""
		if self.flags.standard_message is None:
			super().load_standard_properties(context)
			self.flags.standard_message = self.message
			return
		module = get_doc_module(self.module, self.doctype, self.name)
		out = module.get_context(context) if module and hasattr(module, "get_context") else None
		if out:
			context.update(out)
		self.message = self.flags.standard_message

	def fail_step_if_mail_failed(self, doc):
		"""In a user's step (appointing a coordinator, approving, a withdrawal) a mail of the app that could
		not be queued fails the whole step: the document notes it and raises when its save is done
		(``ledger.fail_if_mail_failed``, after Frappe's notifications, which would only log it), so the
		request is rolled back with a Norwegian message. A site without an outgoing e-mail account, muted
		e-mail (a data import, the demo) or an address Frappe refuses sends no mail, as in Frappe (logged)."""
		if not self.is_app_alert() or not self.flags.mail_error or frappe.are_emails_muted():
			return
		if isinstance(self.flags.mail_exception, frappe.OutgoingEmailError | frappe.InvalidEmailAddressError):
			return
		doc.flags.ag_mail_not_queued = self.name

	def send_an_email(self, doc, context):
		occasion = self.flags.occasion
		if occasion is None:
			if not self.is_app_alert():
				return super().send_an_email(doc, context)
			try:
				return super().send_an_email(doc, context)
			except Exception as e:
				self.flags.mail_error, self.flags.mail_exception = frappe.get_traceback(), e
				raise
		message = self.message
		if occasion.is_late() and message:
			self.message = self.late_notice(occasion) + message
		frappe.flags.ag_queued_mails = self.flags.queued_mails
		try:
			super().send_an_email(doc, context)
		except Exception as e:
			self.flags.mail_error, self.flags.mail_exception = frappe.get_traceback(), e
			raise
		finally:
			frappe.flags.ag_queued_mails = None
			self.message = message

	def late_notice(self, occasion: ledger.Occasion) -> str:
		"""The line a late alert begins with, above the Notification's own text (an HTML paragraph, or a
		line of its own in a plain-text or Markdown message)."""
		line = escape_html(
			_("This alert comes late: it fell due on {0}.", lang=ALERT_LANGUAGE).format(
				formatdate(occasion.due_on, "dd.MM.yyyy")
			)
		)
		if self.is_standard or self.message_type == "HTML":
			return f'<p class="ansvarsgruppe-late-alert"><strong>{line}</strong></p>\n'
		return f"**{line}**\n\n" if self.message_type == "Markdown" else f"{line}\n\n"

	def create_system_notification(self, doc, context):
		if self.flags.occasion is not None and self.channel == "Email" and not self.flags.queued_mails:
			return  # the e-mail was not queued: the occasion is rolled back and tried again
		return super().create_system_notification(doc, context)
