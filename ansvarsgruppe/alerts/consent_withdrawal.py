"""Consent withdrawn (R4, R5): the coordinators are told which units and members lost access."""

import frappe
from frappe.query_builder import DocType
from frappe.utils import getdate

from ansvarsgruppe.alerts.method_alerts import CONSENT_ACCESS_ENDED, send_method_alert
from ansvarsgruppe.rules import alert_conditions
from ansvarsgruppe.rules import consent as consent_rules
from ansvarsgruppe.rules import status as st


def on_consent_update(doc, method=None):
	"""Hooked on Consent ``on_update``: a withdrawal that ends access today is told to the coordinator at once."""
	before = doc.get_doc_before_save()
	if before is None:
		return
	today = getdate()
	units = consent_rules.ended_units(before.as_rule_values(), doc.as_rule_values(), today)
	if units:
		notify_access_ended(doc, units, today)


def notify_access_ended(
	consent,
	units: set[str],
	occasion,
	check: bool = True,
	own_transaction: bool = False,
	notifications=None,
) -> bool:
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
	consent.flags.ended_members = alert_conditions.members_losing_access(members, units)
	return send_method_alert(
		consent,
		CONSENT_ACCESS_ENDED,
		occasion,
		detail=",".join(sorted(units)),
		check=check,
		own_transaction=own_transaction,
		notifications=notifications,
	)
