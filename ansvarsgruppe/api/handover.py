"""«Overfør til ny kommune» (R4, R16, R19): the person moves to another municipality, and the group's
coordinator, with the person's consent, hands the group over in one step: the group closes for the cause
"Moved" through its ordinary close (the same checks, the same notice to KE), a package of its documents in
the archive package's format is made for the receiving municipality, and KE is told of the handover.
Anything that fails undoes the whole step."""

import frappe
from frappe import _
from frappe.utils import cint, getdate

from ansvarsgruppe.alerts.method_alerts import GROUP_HANDED_OVER, send_method_alert
from ansvarsgruppe.archive import package
from ansvarsgruppe.controllers.rules_bridge import throw_problems, today
from ansvarsgruppe.permissions import records
from ansvarsgruppe.rules import groups, handover
from ansvarsgruppe.rules import status as st


def _coordinated_group(group: str):
	"""The group, for its coordinator: read permission first (someone else's group is not theirs to read)."""
	if not group or not isinstance(group, str) or not frappe.db.exists("Responsibility Group", group):
		frappe.throw(_("Responsibility Group {0} not found").format(group), frappe.DoesNotExistError)
	doc = frappe.get_doc("Responsibility Group", group)
	doc.check_permission("read")
	user = frappe.session.user
	if doc.coordinator != user and not records.has_unrestricted_access(user):
		frappe.throw(_("Only the group's coordinator hands the group over."), frappe.PermissionError)
	return doc


@frappe.whitelist(methods=["POST"])
def hand_over_group(
	group: str, receiving_municipality: str | None = None, consent_given=0, reason: str | None = None
) -> dict:
	"""Close ``group`` as moved to ``receiving_municipality`` and make its package for them; refused, with
	nothing changed, without the person's consent (``consent_given``) or a reason."""
	doc = _coordinated_group(group)
	receiving_municipality = (receiving_municipality or "").strip()
	reason = (reason or "").strip()
	consent_given = cint(consent_given) == 1
	throw_problems(
		handover.handover_problems(
			{
				"status": doc.status,
				"receiving_municipality": receiving_municipality,
				"consent_given": consent_given,
				"reason": reason,
			}
		)
	)
	doc.update(
		{
			"closing_cause": groups.CLOSING_MOVED,
			"closed_date": today(),
			"closing_reason": reason,
			"status": st.GROUP_CLOSED,
		}
	)
	doc.flags.handed_over = True  # KE is told of the handover, not of an ordinary closing as well
	doc.save()
	name = package.make_package(
		doc.name,
		package.HANDOVER,
		receiving_municipality=receiving_municipality,
		handover_consent=1,
	)
	send_method_alert(doc, GROUP_HANDED_OVER, getdate(), detail=name)
	return {"status": doc.status, "archive_package": name}
