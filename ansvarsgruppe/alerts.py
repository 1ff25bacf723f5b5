"""Scheduled e-mail alerts (issue #6) on top of Frappe's Notifications.

Every alert is a standard Notification shipped in ``ansvarsgruppe/ansvarsgruppe/notification/``: its subject,
text, recipients, condition and, for "Days Before"/"Days After" alerts, its days are what an administrator
edits in the desk (Frappe's way: disable the shipped notification and duplicate it; the duplicate is the
administrator's own document, and ``bench migrate`` re-imports a shipped notification only when its file is
newer, keeping its "enabled" as the administrator left it).

Two kinds of timing:
- "Days Before"/"Days After" on a document's own date: Frappe's daily ``trigger_daily_alerts`` sends them;
  for the app's DocTypes the :class:`AlertNotification` below picks the documents due in one query, never
  about a closed group, and each document once per occasion (the ledger, Sent Alert).
- "Method" alerts, for rules that need other documents or settings (an application left unanswered, an
  escalation still open, a consent withdrawal): the app's code finds the occasion (``ansvarsgruppe.tasks``
  and the Consent hook below) and sends every enabled Notification with that method, once per occasion.

Recipients who are members of the group without access (ended, or their unit no longer covered by the
consent, R5) are removed from every alert about a group, whoever the Notification names.
"""

import frappe
from frappe.email.doctype.notification.notification import Notification, get_context
from frappe.query_builder import DocType
from frappe.utils import getdate, now_datetime

from ansvarsgruppe.rules import alerts as alert_rules
from ansvarsgruppe.rules import consent as consent_rules
from ansvarsgruppe.rules import status as st

MODULE = "Ansvarsgruppe"

# The "Method" of the app's code-timed Notifications.
APPLICATION_UNANSWERED = "ansvarsgruppe_application_unanswered"
ESCALATION_REMINDER = "ansvarsgruppe_escalation_reminder"
CONSENT_ACCESS_ENDED = "ansvarsgruppe_consent_access_ended"

# How a document of each DocType belongs to a group: the field that names the group.
GROUP_FIELD = {
	"Responsibility Group": "name",
	"Meeting Minutes": "group",
	"Group Transition": "parent",
	"Escalation": "group",
}
# Alerts about these documents never reach a member of the group who has no access (R5).
ACCESS_GUARDED = ("Responsibility Group", "Meeting Minutes", "Group Transition")


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
				alert_rules.recipient_list(part, blocked) for part in (recipients, cc, bcc)
			)
			self.flags.recipients = alert_rules.recipient_list(recipients + cc + bcc)
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
		if self.is_app_alert() and self.event in alert_rules.DATE_EVENTS and self.flags.recipients:
			occasion = getdate(doc.get(self.date_changed))
			record(
				alert_rules.alert_key(self.name, doc.doctype, doc.name, occasion),
				self.name,
				doc,
				occasion,
				self.flags.recipients,
			)


def documents_due(notification) -> list:
	"""The documents a date-based alert is due for today, in a fixed number of queries whatever the number of
	groups: one finds the candidates (open groups only) with what the ledger already holds about them and
	the columns the Notification's condition reads; the condition is evaluated on those values
	(``condition_fields``), and only the documents due are loaded, together (one query per table). A
	condition that needs the whole document is evaluated on the candidates loaded together instead."""
	doctype, field = notification.document_type, notification.date_changed
	occasion = alert_rules.occasion_date(notification.event, notification.days_in_advance, getdate())
	meta = frappe.get_meta(doctype)
	fields = alert_rules.condition_fields(notification.condition, frappe.db.get_table_columns(doctype))
	table = DocType(doctype)
	query = frappe.qb.from_(table).select(table.name, *(table[f] for f in fields or () if f != "name"))
	df = meta.get_field(field)
	if field in ("creation", "modified") or (df and df.fieldtype == "Datetime"):
		query = query.where(table[field].between(f"{occasion} 00:00:00", f"{occasion} 23:59:59.999999"))
	else:
		query = query.where(table[field] == occasion)
	group_field = GROUP_FIELD.get(doctype)
	if group_field == "name":
		query = query.where(table.status != st.GROUP_CLOSED)
	elif group_field:
		group = DocType("Responsibility Group").as_("alert_group")
		query = query.join(group).on(group.name == table[group_field]).where(group.status != st.GROUP_CLOSED)
		if group_field == "parent":
			query = query.where(table.parenttype == "Responsibility Group")
	reference = (table.parenttype, table.parent) if meta.istable else (doctype, table.name)
	rows = join_ledger(query, *reference, notification.name, occasion).run(as_dict=True)
	sent = {row.ledger_key for row in rows if row.ledger_key}
	candidates = {}
	for row in rows:  # a row per ledger entry about the same record (e.g. a group's other transitions)
		candidates.setdefault(row.name, row)
	names = [
		name
		for name in candidates
		if alert_rules.alert_key(notification.name, doctype, name, occasion) not in sent
	]
	if fields is not None:
		names = [name for name in names if condition_holds(notification, candidates[name])]
		docs = load_documents(doctype, names)
	else:
		docs = [doc for doc in load_documents(doctype, names) if condition_holds(notification, doc)]
	if doctype in ACCESS_GUARDED and docs:  # R5 for every group concerned, in one go (see blocked_addresses)
		notification.flags.blocked_by_group = blocked_by_group(group_of(doc) for doc in docs)
	return docs


def condition_holds(notification, doc) -> bool:
	"""The Notification's condition, as Frappe evaluates it (``doc`` may be the columns it reads)."""
	return not notification.condition or bool(
		frappe.safe_eval(notification.condition, None, get_context(doc))
	)


def load_documents(doctype: str, names: list[str]) -> list:
	"""``frappe.get_doc`` for each name, in their order: one query for the records and one per child table,
	whatever their number."""
	if not names:
		return []
	meta, table = frappe.get_meta(doctype), DocType(doctype)
	records = {
		row.name: row
		for row in frappe.qb.from_(table).select("*").where(table.name.isin(names)).run(as_dict=True)
	}
	tables = [df for df in meta.get_table_fields() if not frappe.get_meta(df.options).is_virtual]
	for df in tables:
		child = DocType(df.options)
		for record in records.values():
			record[df.fieldname] = []
		for row in (
			frappe.qb.from_(child)
			.select("*")
			.where(child.parent.isin(list(records)))
			.where(child.parenttype == doctype)
			.where(child.parentfield == df.fieldname)
			.orderby(child.parent)
			.orderby(child.idx)
		).run(as_dict=True):
			records[row.parent][df.fieldname].append(row)
	return [frappe.get_doc({**records[name], "doctype": doctype}) for name in names if name in records]


def group_of(doc) -> str | None:
	field = GROUP_FIELD.get(doc.doctype)
	return doc.get(field) if field else None


def addresses_without_access(doc) -> set[str]:
	"""R5: addresses of the members of ``doc``'s group who have no access today (the coordinator kept)."""
	if doc.doctype not in ACCESS_GUARDED or not group_of(doc):
		return set()
	return blocked_by_group([group_of(doc)]).get(group_of(doc), set())


def blocked_by_group(groups) -> dict[str, set[str]]:
	"""``addresses_without_access`` for many groups at once, in three queries whatever their number: the
	groups with their coordinator's address, their members with their users' addresses, their consents."""
	groups = sorted({name for name in groups if name})
	if not groups:
		return {}
	today = getdate()
	group, coordinator = DocType("Responsibility Group"), DocType("User")
	group_rows = (
		frappe.qb.from_(group)
		.left_join(coordinator)
		.on(coordinator.name == group.coordinator)
		.select(group.name, group.coordinator, group.consent, coordinator.email.as_("coordinator_email"))
		.where(group.name.isin(groups))
	).run(as_dict=True)
	members = group_members(groups)
	consents = consent_values([row.consent for row in group_rows if row.consent])
	return {
		row.name: alert_rules.blocked_addresses(
			members.get(row.name, []),
			consent_rules.covered_units(consents.get(row.consent), today),
			today,
			keep=(row.coordinator, row.coordinator_email),
		)
		for row in group_rows
	}


def group_members(groups) -> dict[str, list[dict]]:
	"""The members of ``groups`` as the member rules take them, with their users' addresses, in one query."""
	member, user = DocType("Group Member"), DocType("User")
	members = {}
	for row in (
		frappe.qb.from_(member)
		.left_join(user)
		.on(user.name == member.user)
		.select(
			member.group,
			member.member_role,
			member.status,
			member.service_unit,
			member.from_date,
			member.to_date,
			member.email,
			user.email.as_("user_email"),
		)
		.where(member.group.isin(list(groups)))
	).run(as_dict=True):
		row.from_date = getdate(row.from_date) if row.from_date else None
		row.to_date = getdate(row.to_date) if row.to_date else None
		members.setdefault(row.group, []).append(row)
	return members


def addresses_with_access(group: str, keep=()) -> set[str]:
	"""R5: the addresses (lower case) of ``group``'s members who have access today, its coordinator's and
	``keep``: whom the consent covers."""
	values = frappe.db.get_value("Responsibility Group", group, ["coordinator", "consent"], as_dict=True)
	if not values:
		return set()
	coordinator_email = (
		frappe.db.get_value("User", values.coordinator, "email") if values.coordinator else None
	)
	consent = consent_values([values.consent]).get(values.consent) if values.consent else None
	today = getdate()
	return alert_rules.addresses_with_access(
		group_members([group]).get(group, []),
		consent_rules.covered_units(consent, today),
		today,
		keep=(coordinator_email, *keep),
	)


def consent_columns(consent, partner) -> list:
	"""The columns ``consent_rows`` folds: a consent's and one of its partners' (LEFT JOIN ``partner``)."""
	return [
		consent.name,
		consent.status,
		consent.valid_from,
		consent.valid_to,
		consent.withdrawn_on,
		partner.name.as_("partner"),
		partner.service_unit,
		partner.withdrawn_on.as_("partner_withdrawn_on"),
	]


def consent_rows(rows) -> dict[str, dict]:
	"""Rows with ``consent_columns`` (a row per partner, and per anything else joined) as the dicts the
	consent rules take (``Consent.as_rule_values``: status, period, withdrawal, partners), by name."""
	consents = {}
	for row in rows:
		consent = consents.setdefault(
			row.name,
			{
				"status": row.status,
				**{
					f: getdate(row[f]) if row[f] else None for f in ("valid_from", "valid_to", "withdrawn_on")
				},
				"partners": {},
			},
		)
		if row.partner:
			consent["partners"][row.partner] = {
				"service_unit": row.service_unit,
				"withdrawn_on": getdate(row.partner_withdrawn_on) if row.partner_withdrawn_on else None,
			}
	for consent in consents.values():
		consent["partners"] = list(consent["partners"].values())
	return consents


def consent_values(names) -> dict[str, dict]:
	"""The named consents as the dicts the consent rules take, in one query."""
	names = sorted(set(names))
	if not names:
		return {}
	consent, partner = DocType("Consent"), DocType("Consent Partner")
	return consent_rows(
		frappe.qb.from_(consent)
		.left_join(partner)
		.on((partner.parent == consent.name) & (partner.parenttype == "Consent"))
		.select(*consent_columns(consent, partner))
		.where(consent.name.isin(names))
		.orderby(consent.name)
		.orderby(partner.idx)
		.run(as_dict=True)
	)


# The ledger (Sent Alert) ---------------------------------------------------------------------------------


def join_ledger(query, reference_doctype, reference_name, alert: str, occasion=None):
	"""``query`` with the keys the ledger holds for ``alert`` about each candidate (``ledger_key``, a LEFT
	JOIN: a candidate appears once per entry, or once with none), so the candidates and what was already
	sent about them cost one query."""
	ledger = DocType("Sent Alert").as_("alert_ledger")
	about = (
		(ledger.reference_name == reference_name)
		& (ledger.reference_doctype == reference_doctype)
		& (ledger.alert == alert)
	)
	if occasion is not None:
		about &= ledger.occasion_date == occasion
	return query.left_join(ledger).on(about).select(ledger.alert_key.as_("ledger_key"))


def sent_keys(keys) -> set[str]:
	keys = list(keys)
	if not keys:
		return set()
	return set(frappe.get_all("Sent Alert", filters={"alert_key": ("in", keys)}, pluck="alert_key"))


def record(key: str, alert: str, doc, occasion, recipients: list[str]):
	"""Write down that ``alert`` went out for ``doc`` on this occasion (a child row under its parent)."""
	reference = (doc.parenttype, doc.parent) if doc.meta.istable else (doc.doctype, doc.name)
	try:
		frappe.get_doc(
			{
				"doctype": "Sent Alert",
				"alert_key": key,
				"alert": alert,
				"reference_doctype": reference[0],
				"reference_name": reference[1],
				"occasion_date": occasion,
				"recipients": "\n".join(recipients),
				"sent_on": now_datetime(),
			}
		).insert(ignore_permissions=True, ignore_links=True)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		pass  # a parallel run wrote it first


# Code-timed ("Method") alerts ----------------------------------------------------------------------------


def method_notifications(doctype: str, method: str) -> list:
	"""The enabled Notifications for ``method``: the shipped one and any administrator's duplicates."""
	names = frappe.get_all(
		"Notification",
		filters={"enabled": 1, "document_type": doctype, "event": "Method", "method": method},
		pluck="name",
		order_by="name",
	)
	return [frappe.get_doc("Notification", name) for name in names]


def send_method_alert(doc, method: str, occasion, detail: str = "", notifications=None, check=True) -> bool:
	"""Send ``method``'s Notifications about ``doc`` unless this occasion was already alerted; True if sent."""
	key = alert_rules.alert_key(method, doc.doctype, doc.name, occasion, detail)
	if check and sent_keys([key]):
		return False
	recipients = []
	for notification in method_notifications(doc.doctype, method) if notifications is None else notifications:
		if notification.condition and not frappe.safe_eval(notification.condition, None, get_context(doc)):
			continue
		notification.send(doc)
		recipients += notification.flags.recipients or []
	if recipients:
		record(key, method, doc, occasion, alert_rules.recipient_list(recipients))
	return bool(recipients)


# Consent withdrawn (R4, R5) ------------------------------------------------------------------------------


def on_consent_update(doc, method=None):
	"""Hooked on Consent ``on_update``: a withdrawal that ends access today is told to the coordinator at once."""
	before = doc.get_doc_before_save()
	if before is None:
		return
	today = getdate()
	units = consent_rules.ended_units(before.as_rule_values(), doc.as_rule_values(), today)
	if units:
		notify_access_ended(doc, units, today)


def notify_access_ended(consent, units: set[str], occasion, check: bool = True) -> bool:
	"""Tell the coordinators of the consent's open groups which units and members lost access."""
	member, group = DocType("Group Member"), DocType("Responsibility Group")
	members = (
		frappe.qb.from_(member)
		.join(group)
		.on(group.name == member.group)
		.select(member.name, member.group, member.service_unit, member.member_role, member.status)
		.where(group.consent == consent.name)
		.where(group.status != st.GROUP_CLOSED)
		.where(member.service_unit.isin(sorted(units)))
		.orderby(member.group)
		.orderby(member.name)
	).run(as_dict=True)
	consent.flags.ended_units = sorted(units)
	consent.flags.ended_members = alert_rules.members_losing_access(members, units)
	return send_method_alert(
		consent, CONSENT_ACCESS_ENDED, occasion, detail=",".join(sorted(units)), check=check
	)
