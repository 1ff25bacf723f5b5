"""The municipality every case shares: settings, staff, units, and how many cases exist."""

import frappe
from frappe.utils import cint, getdate
from frappe.utils.password import update_password

from ansvarsgruppe.demo.data import (
	ADMINISTRATION_STAFF,
	CASE_PATTERN,
	COORDINATOR,
	DEMO_DOMAIN,
	GROUP_STATUSES,
	KE,
	KE_STAFF,
	MUNICIPALITY,
	PARTICIPANT,
	SETTINGS,
	UNIT_LEADER,
	UNITS,
)
from ansvarsgruppe.demo.names import Names

# --- The municipality: settings, staff, units ---------------------------------------------------------


def prepare_settings():
	"""Demo people have synthetic identity numbers, which only test mode accepts (R20)."""
	settings = frappe.get_single(SETTINGS)
	settings.allow_synthetic_national_ids = 1
	settings.municipality_name = settings.municipality_name or MUNICIPALITY
	settings.coordinating_unit_email = (
		settings.coordinating_unit_email or f"koordinerende.enhet@{DEMO_DOMAIN}"
	)
	settings.save(ignore_permissions=True)


def email_for(name: str, suffix: str = "") -> str:
	"""An ASCII e-mail address at the demo domain (e-mail validation refuses æ, ø and å)."""
	local = name.lower().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e"}))
	local = ".".join("".join(c for c in part if c.isascii() and c.isalnum()) for part in local.split())
	return f"{local}{suffix}@{DEMO_DOMAIN}"


def staff_users() -> list[tuple[str, str, str, tuple[str, ...], str | None]]:
	"""Every demo employee: (e-mail, name, job title, roles, unit)."""
	people = [(email_for(name), name, title, (KE,), None) for name, title in KE_STAFF]
	for unit, _agency, leader, coordinator, participants in UNITS:
		people.append((email_for(leader[0]), *leader, (UNIT_LEADER,), unit))
		if coordinator:
			people.append((email_for(coordinator[0]), *coordinator, (COORDINATOR,), unit))
		people += [(email_for(name), name, title, (PARTICIPANT,), unit) for name, title in participants]
	people += [(email_for(name), name, title, (role,), None) for name, title, role in ADMINISTRATION_STAFF]
	return people


def ensure_system_manager(email: str = f"systemansvarlig@{DEMO_DOMAIN}") -> str:
	"""A system manager of its own, so that Frappe does not make the next new desk user one.

	(Once setup is complete, Frappe gives System Manager to a new system user while nobody but
	Administrator has it.)"""
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": "Systemansvarlig", "send_welcome_email": 0}
		)
		user.append_roles("System Manager")
		user.insert(ignore_permissions=True)
	return email


def ensure_staff(password: str) -> list[tuple]:
	"""Desk users in Norwegian for every employee; existing ones get their roles and the password."""
	people = staff_users()
	ensure_system_manager()
	for email, name, _title, roles, _unit in people:
		first_name, last_name = name.rsplit(" ", 1)
		if frappe.db.exists("User", email):
			user = frappe.get_doc("User", email)
			if set(roles) - {r.role for r in user.roles}:
				user.add_roles(*roles)
		else:
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": first_name,
					"last_name": last_name,
					"language": "no",
					"user_type": "System User",
					"send_welcome_email": 0,
				}
			)
			user.append_roles(*roles)
			user.insert(ignore_permissions=True)
		update_password(email, password)
	return people


def ensure_units():
	for unit, agency, leader, _coordinator, _participants in UNITS:
		if frappe.db.exists("Service Unit", unit):
			continue
		frappe.get_doc(
			{
				"doctype": "Service Unit",
				"unit_name": unit,
				"agency_type": agency,
				"unit_leader": email_for(leader[0]),
				"email": email_for(unit.replace("(", "").replace(")", "")),
			}
		).insert(ignore_permissions=True)


def demo_case_count() -> int:
	"""Demo people are the ones with synthetic identity numbers (month + 80): one per case made so far."""
	query = "select count(*) from `tabService User` where substr(national_id, 3, 2) > '80'"
	return frappe.db.sql(query)[0][0]


def groups_in(cases: int) -> int:
	"""How many of the first ``cases`` cases have a group."""
	full, rest = divmod(cases, len(CASE_PATTERN))
	return full * sum(k in GROUP_STATUSES for k in CASE_PATTERN) + sum(
		k in GROUP_STATUSES for k in CASE_PATTERN[:rest]
	)


class Town:
	"""What every case shares: today, the settings, the staff by unit, identity numbers in use, names."""

	def __init__(self, users):
		settings = frappe.get_single(SETTINGS)
		self.today = getdate()
		self.age_limit = cint(settings.consent_age_limit) or 18
		self.deadline_days = cint(settings.minutes_deadline_days) or 28
		self.review_months = cint(settings.annual_review_interval_months) or 12
		# R8: with the pre-meeting off (Stavanger's guideline), the groups never hold one.
		self.pre_meeting = bool(cint(settings.require_pre_meeting))
		self.staff = {email: (name, title) for email, name, title, _roles, _unit in users}
		self.coordinator = {unit: email_for(c[0]) for unit, _a, _l, c, _p in UNITS if c}
		self.leader = {unit: email_for(leader[0]) for unit, _a, leader, _c, _p in UNITS}
		self.internal = {unit for unit, agency, _l, _c, _p in UNITS if agency == "Internal"}
		self.participants = {unit: [email_for(p[0]) for p in people] for unit, _a, _l, _c, people in UNITS}
		self.used_ids = set(
			frappe.get_all("Service User", filters={"national_id": ("is", "set")}, pluck="national_id")
		)
		self.exact_names, self.block_names = Names(block=1), Names(block=1000)
		self.came_of_age_shown = False  # one person who just came of age per run
