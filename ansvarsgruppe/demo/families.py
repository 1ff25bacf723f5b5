"""Portal accounts for demo families, as the coordinator's invitation would make them."""

import frappe
from frappe.utils import cint, getdate
from frappe.utils.password import update_password

from ansvarsgruppe.demo.data import SETTINGS
from ansvarsgruppe.portal.people import ensure_portal_user
from ansvarsgruppe.rules import members as member_rules
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.dates import is_minor

# --- Families in the portal ------------------------------------------------------------------------------

# Who gets a portal account, by how they act for the person: (kind, how many families).
PORTAL_FAMILIES = (("parents", 2), ("guardian", 1), ("self", 1))


def ensure_portal_families(password: str) -> list[tuple[str, str, str, str]]:
	"""Portal accounts for a few families of open groups, as the coordinator's invitation would make them:
	both parents with parental responsibility of two children, the guardian of one person, and one adult
	who uses the portal themselves (R1). Returns (e-mail, name, how they act, service user)."""
	group = frappe.qb.DocType("Responsibility Group")
	people = (
		frappe.qb.from_(group)
		.select(group.service_user)
		.distinct()
		.where(group.status.isin(list(st.GROUP_OPEN)))
		.orderby(group.service_user)
		.run(pluck=True)
	)
	today = getdate()
	# Families with a meeting called come first: they answer it and propose items (``demo.voice``).
	minutes = frappe.qb.DocType("Meeting Minutes")
	called = set(
		frappe.qb.from_(minutes)
		.join(group)
		.on(group.name == minutes.group)
		.select(group.service_user)
		.distinct()
		.where((minutes.status == st.MINUTES_INVITED) & (minutes.meeting_date >= today))
		.run(pluck=True)
	)
	people.sort(key=lambda name: (name not in called, name))
	age_limit = cint(frappe.db.get_single_value(SETTINGS, "consent_age_limit")) or 18
	wanted = dict(PORTAL_FAMILIES)
	accounts = []
	for name in people:
		person = frappe.get_doc("Service User", name)
		minor = is_minor(getdate(person.birth_date), today, age_limit)
		parents = [r for r in person.relations if r.has_parental_responsibility and r.email]
		guardians = [r for r in person.relations if r.is_guardian and r.email]
		if minor and len(parents) == 2:
			kind, parties = "parents", parents
		elif guardians:
			kind, parties = "guardian", guardians[:1]
		elif not minor and person.email:
			kind, parties = "self", [person]
		else:
			continue
		if not wanted.get(kind):
			continue
		wanted[kind] -= 1
		for party in parties:
			user = party.portal_user or ensure_portal_user(party.email, party.full_name).name
			if not party.portal_user:
				frappe.db.set_value(party.doctype, party.name, "portal_user", user)
				link_memberships(party, user)
			update_password(user, password)
			accounts.append((user, party.full_name, PORTAL_KIND_LABEL[kind], person.name))
		if not any(wanted.values()):
			break
	return accounts


def link_memberships(party, user: str):
	"""The party's existing Group Member rows get the portal account, as their controller would set it."""
	member = frappe.qb.DocType("Group Member")
	if party.doctype == "Service User":
		rows = (member.service_user == party.name) & (member.member_role == member_rules.SERVICE_USER)
	else:
		rows = member.relation == party.name
	frappe.qb.update(member).set(member.user, user).where(
		rows & (member.user.isnull() | (member.user == ""))
	).run()


PORTAL_KIND_LABEL = {"parents": "parent", "guardian": "guardian", "self": "the person"}
