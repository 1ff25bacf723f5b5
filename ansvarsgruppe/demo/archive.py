"""The demo's closed groups are archived (R19), so a newcomer can open a package.

Closing a group queues its archiving for the background worker (``ansvarsgruppe.archive.package``). When
the site's web server already answers (wkhtmltopdf fetches the print CSS from it), the packages are made
here at once; otherwise the worker makes them once the stack runs (``scripts/dev-site`` starts it).
"""

import frappe
import requests

from ansvarsgruppe.archive import package
from ansvarsgruppe.rules import status as st


def server_answers() -> bool:
	try:
		return requests.get(frappe.utils.get_url("/api/method/ping"), timeout=3).ok
	except requests.RequestException:
		return False


def archive_closed_groups(groups: list[str]) -> list[str]:
	"""Archive those of ``groups`` that are closed and have no package yet; returns the packages made."""
	closed = frappe.get_all(
		"Responsibility Group",
		filters={"name": ("in", groups or ["-"]), "status": st.GROUP_CLOSED},
		pluck="name",
	)
	waiting = [g for g in closed if not frappe.db.exists(package.PACKAGE_DOCTYPE, {"group": g})]
	if not waiting or not server_answers():
		return []
	return [package.make_package(group, package.DEMO) for group in waiting]
