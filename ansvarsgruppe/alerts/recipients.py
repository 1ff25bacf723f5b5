"""Who an alert about a group may reach: the members with access today (R5), by group, in few queries."""

import frappe
from frappe.query_builder import DocType
from frappe.utils import getdate

from ansvarsgruppe.rules import alert_conditions
from ansvarsgruppe.rules import consent as consent_rules

# How a document of each DocType belongs to a group: the field that names the group.
GROUP_FIELD = {
	"Responsibility Group": "name",
	"Meeting Minutes": "group",
	"Group Transition": "parent",
	"Escalation": "group",
}
# Alerts about these documents never reach a member of the group who has no access (R5).
ACCESS_GUARDED = ("Responsibility Group", "Meeting Minutes", "Group Transition", "Escalation")


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
		row.name: alert_conditions.blocked_addresses(
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
	return alert_conditions.addresses_with_access(
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
