"""A group's coordinator changed (R2, R3, R16): KE, the new coordinator and the group's members are told at
once, in the step that changed it (a mail that cannot be queued undoes the step)."""

from frappe.utils import getdate

from ansvarsgruppe.alerts.method_alerts import COORDINATOR_CHANGED, send_method_alert


def notify_coordinator_changed(group) -> bool:
	"""Send the "Coordinator Changed" alert about ``group`` for its latest appointment, once."""
	rows = group.get("coordinator_appointments") or []
	detail = rows[-1].name if rows else group.coordinator
	return send_method_alert(group, COORDINATOR_CHANGED, getdate(), detail=detail or "")
