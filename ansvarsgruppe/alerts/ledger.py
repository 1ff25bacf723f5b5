"""The ledger (Sent Alert): which alert went out about which record on which occasion, to whom.

One row per occasion and recipient, under a unique key (``alert_key``): a second process sending the same
occasion to the same address (two scheduler hosts, a job retried while the first still runs) fails on that
key, because the row is written in the same transaction as the queued e-mail (Email Queue), before it.
The row of the process that wrote first is held by the database until it commits; the other then finds the
key taken and sends nothing. If the mail cannot be queued, the row is rolled back with it, so the ledger
never says sent what the Email Queue does not hold, and the occasion is tried again on the next run.
"""

import dataclasses
import datetime
import random
import string

import frappe
from frappe.query_builder import DocType
from frappe.utils import cint, getdate, now_datetime

from ansvarsgruppe.exceptions import MailNotQueuedError
from ansvarsgruppe.rules import alert_conditions


class OccasionLost(Exception):
	"""Another process sending the same occasion won a deadlock: this one's transaction is gone."""


@dataclasses.dataclass
class Occasion:
	"""One occasion of one alert about one document: its ledger key, the alert (a Notification's name or a
	"Method"), the occasion's date and the day it fell due (a later day's mail says it is late)."""

	key: str
	alert: str
	occasion: datetime.date
	due_on: datetime.date | None = None
	# A daily job commits after each occasion, so the occasion is the whole transaction: if the database
	# picks it to resolve a deadlock with another process sending the same occasion, only it is lost (the
	# other process sends it). In a user's request the error goes to the user instead.
	own_transaction: bool = False

	def is_late(self, today: datetime.date | None = None) -> bool:
		return alert_conditions.is_late(self.due_on, today or getdate())


def catch_up_days() -> int:
	"""How many days late a missed alert is still sent (Ansvarsgruppe Settings, default 14)."""
	singles = DocType("Singles")
	value = (
		frappe.qb.from_(singles)
		.select(singles.value)
		.where((singles.doctype == "Ansvarsgruppe Settings") & (singles.field == "alert_catch_up_days"))
	).run()
	if not value or value[0][0] in (None, ""):
		return alert_conditions.CATCH_UP_DAYS
	return max(cint(value[0][0]), 0)


def join_ledger(query, reference_doctype, reference_name, alert: str, occasion=None):
	"""``query`` with the occasion keys the ledger holds for ``alert`` about each candidate (``ledger_key``,
	a LEFT JOIN: a candidate appears once per entry, or once with none), so the candidates and what was
	already sent about them cost one query. ``occasion`` a date or the candidate's column that holds it."""
	ledger = DocType("Sent Alert").as_("alert_ledger")
	about = (
		(ledger.reference_name == reference_name)
		& (ledger.reference_doctype == reference_doctype)
		& (ledger.alert == alert)
	)
	if occasion is not None:
		about &= ledger.occasion_date == occasion
	return query.left_join(ledger).on(about).select(ledger.occasion_key.as_("ledger_key"))


def sent_keys(keys) -> set[str]:
	"""The occasion keys among ``keys`` that the ledger holds (sent to at least one recipient)."""
	keys = list(keys)
	if not keys:
		return set()
	return set(
		frappe.get_all(
			"Sent Alert", filters={"occasion_key": ("in", keys)}, pluck="occasion_key", distinct=True
		)
	)


def savepoint() -> str:
	name = "ag_" + "".join(random.choices(string.ascii_lowercase, k=10))
	frappe.db.savepoint(name)
	return name


def _reference(doc) -> tuple[str, str]:
	return (doc.parenttype, doc.parent) if doc.meta.istable else (doc.doctype, doc.name)


def _insert_rows(occasion: Occasion, doc, addresses) -> dict[str, str]:
	"""One INSERT of the ledger rows of ``occasion`` for ``addresses``; their names, by address."""
	reference = _reference(doc)
	now, user = now_datetime(), frappe.session.user if frappe.session else "Administrator"
	names = {address: frappe.generate_hash(length=10) for address in addresses}
	query = frappe.qb.into(DocType("Sent Alert")).columns(
		"name", "creation", "modified", "owner", "modified_by", "docstatus", "idx", *LEDGER_COLUMNS
	)
	for address, name in names.items():
		query = query.insert(
			name,
			now,
			now,
			user,
			user,
			0,
			0,
			alert_conditions.recipient_key(occasion.key, address),
			occasion.key,
			occasion.alert,
			reference[0],
			reference[1],
			occasion.occasion,
			address,
			now,
		)
	query.run()
	return names


def claim(occasion: Occasion, doc, address: str) -> str | None:
	"""Write the ledger row for one recipient of ``occasion`` (in the caller's transaction, before its mail is
	queued); the row's name, or None when the key is taken: this run or another process (committed, or
	committing while this one waited for the row's lock) has sent it to that address. A plain INSERT, so a
	taken key is an answer, not a message to the user."""
	point = savepoint()
	try:
		names = _insert_rows(occasion, doc, [address])
	except Exception as e:
		if _taken(occasion, e):
			frappe.db.rollback(save_point=point)
			return None
		raise
	frappe.db.release_savepoint(point)
	return names[address]


def claim_all(occasion: Occasion, doc, addresses: list[str], point: str) -> dict[str, str]:
	"""``claim`` for every address of ``occasion``, in one INSERT when none is taken (the usual case);
	``point`` is a savepoint the caller set just before, with nothing written since. When a key is taken,
	the transaction goes back to ``point`` and each address is claimed on its own. The rows' names, by
	address, for those not taken."""
	if not addresses:
		return {}
	try:
		return _insert_rows(occasion, doc, addresses)
	except Exception as e:
		if not _taken(occasion, e):
			raise
		frappe.db.rollback(save_point=point)
	claimed = {}
	for address in addresses:
		row = claim(occasion, doc, address)
		if row:
			claimed[address] = row
	return claimed


def _taken(occasion: Occasion, e: Exception) -> bool:
	"""Whether the INSERT failed because a key is taken or held by another process (else the error is
	raised on); a lost deadlock raises ``OccasionLost`` in a daily job."""
	if isinstance(e, frappe.QueryDeadlockError):
		if not occasion.own_transaction:
			return False
		frappe.db.rollback()  # the database has rolled the transaction back already
		raise OccasionLost(occasion.key) from None
	# a timeout: the key is still held by a process that has not committed: if that one fails, the next
	# run sends it
	return isinstance(e, frappe.QueryTimeoutError) or frappe.db.is_unique_key_violation(e)


LEDGER_COLUMNS = (
	"alert_key",
	"occasion_key",
	"alert",
	"reference_doctype",
	"reference_name",
	"occasion_date",
	"recipient",
	"sent_on",
)


def link_mail(rows: list[str], email_queue: str):
	"""Point the ledger rows at the queued e-mail, whose status says whether the mail server took it."""
	if rows and email_queue:
		ledger = DocType("Sent Alert")
		frappe.qb.update(ledger).set(ledger.email_queue, email_queue).where(ledger.name.isin(rows)).run()


def note_queued_mail(doc, method=None):
	"""Hooked on Email Queue ``after_insert``: while an alert is sent, the mails it queued are collected."""
	if frappe.flags.ag_queued_mails is not None:
		frappe.flags.ag_queued_mails.append(doc.name)


def fail_if_mail_failed(doc, method=None):
	"""Hooked on every DocType's ``on_change`` (after Frappe's notifications have run): a mail of the step
	that could not be queued (``AlertNotification.fail_step_if_mail_failed``) undoes the whole step."""
	if doc.flags.ag_mail_not_queued:
		alert, doc.flags.ag_mail_not_queued = doc.flags.ag_mail_not_queued, None
		frappe.throw(mail_not_queued_message(alert), MailNotQueuedError)


MAIL_NOT_QUEUED = (
	"The e-mail {0} that belongs to this step could not be queued, so nothing was saved. Try again, or "
	"ask the administrator to check the e-mail settings."
)


def mail_not_queued_message(mail: str) -> str:
	return frappe._(MAIL_NOT_QUEUED).format(frappe.bold(mail))
