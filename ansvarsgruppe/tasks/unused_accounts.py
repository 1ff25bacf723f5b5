"""The daily clean-up of first-time applicants' accounts that were never used to apply
(``rules/unused_accounts.py``): removed, or disabled where a record still names them. Run again, it changes
nothing."""

import frappe
from frappe.utils import getdate

from ansvarsgruppe.controllers.rules_bridge import SETTINGS
from ansvarsgruppe.portal import first_time
from ansvarsgruppe.portal.people import is_portal_user
from ansvarsgruppe.rules import unused_accounts


def acts_for_anyone(user: str) -> bool:
	"""The account filed an application, or is the person or a relation of a registered person."""
	return bool(
		frappe.db.exists("IP Application", {"owner": user})
		or frappe.db.exists("Service User", {"portal_user": user})
		or frappe.db.exists("Service User Relation", {"portal_user": user})
	)


def remove_unused_first_time_accounts() -> list[str]:
	"""The accounts removed or disabled today."""
	days = frappe.db.get_value(SETTINGS, None, "unused_account_days")  # unset on a site not migrated anew
	days = unused_accounts.UNUSED_ACCOUNT_DAYS if days in (None, "") else int(days)
	today = getdate()
	done = []
	for user in frappe.get_all(
		"User",
		filters={"name": ("like", f"%@{first_time.DOMAIN}"), "enabled": 1},
		fields=["name", "creation", "last_login"],
		order_by="name",
	):
		if not first_time.is_placeholder(user.name) or not is_portal_user(user.name):
			continue
		last_login = getdate(user.last_login) if user.last_login else None
		if not unused_accounts.is_unused_account(
			getdate(user.creation), last_login, today, days, acts_for_anyone(user.name)
		):
			continue
		frappe.db.savepoint("unused_account")
		try:
			frappe.delete_doc("User", user.name, ignore_permissions=True, delete_permanently=True)
		except (frappe.LinkExistsError, frappe.ValidationError):
			frappe.db.rollback(save_point="unused_account")
			frappe.db.set_value("User", user.name, "enabled", 0)
		done.append(user.name)
	return done
