"""The scene of the replica-lag test (``scripts/cluster test``), made on a cluster site's primary with
``bench --site SITE execute``: a group whose consent covers the school and the health centre, a teacher
(school) and the health centre's leader as its members, a private file on the group and a message in its
conversation. ``withdraw`` then withdraws the consent, as the coordinator would."""

import frappe
from frappe.utils import getdate

from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


def make(password: str) -> dict:
	from ansvarsgruppe.api.messages import send_message

	frappe.set_user("Administrator")
	f.ensure_outgoing_email_account()
	coordinator = f.make_login_user("Kari Koordinator", ["Coordinator"], password)
	teacher = f.make_login_user("Per Lærer", ["Group Participant"], password)
	leader = f.make_login_user("Helga Leder", ["Unit Leader", "Group Participant"], password)
	school, health = f.make_unit(f.unique("Skole")), f.make_unit(f.unique("Helsestasjon"), leader)
	child = f.make_service_user(age_years=10, relations=[f.parent()])
	consent = f.make_consent(child, [school, health])
	group = f.advance(f.make_group(child.name, school, coordinator, consent.name), st.GROUP_APPROVED)
	f.make_member(group.name, teacher, school)
	f.make_member(group.name, leader, health)
	document = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"notat-{frappe.generate_hash(length=6)}.txt",
			"attached_to_doctype": "Responsibility Group",
			"attached_to_name": group.name,
			"is_private": 1,
			"content": b"Notat fra ansvarsgruppemoetet",
		}
	).insert(ignore_permissions=True)
	with f.as_user(coordinator):
		send_message(group.name, "Velkommen til gruppa.")
	frappe.db.commit()
	return {
		"group": group.name,
		"consent": consent.name,
		"file_url": document.file_url,
		"users": {"teacher": teacher, "leader": leader},
	}


def withdraw(consent: str):
	doc = frappe.get_doc("Consent", consent)
	doc.withdrawn_on, doc.withdrawal_reason = getdate(), "Trukket av foreldrene"
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	return frappe.db.get_value("Consent", consent, "status")
