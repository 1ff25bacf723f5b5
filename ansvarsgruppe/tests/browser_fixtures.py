"""Data for the browser tests (browser_tests/), made through the app's own code and committed.

bench --site SITE execute ansvarsgruppe.tests.browser_fixtures.portal_families --kwargs "{'password': '...'}"
"""

import json

import frappe
from frappe.utils.password import update_password

from ansvarsgruppe.portal import invite
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


def portal_families(password: str) -> str:
	f.ensure_outgoing_email_account()
	town = f.Municipality()
	child = town.child
	child.relations[0].email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
	child.save()
	group = f.advance(town.group, st.GROUP_APPROVED)
	f.make_member(group.name, town.teacher, town.school)
	f.make_member(group.name, town.nurse, town.health)
	pre = f.complete(f.make_minutes(group.name, "Pre-meeting", days_ago=14))
	pre.save()
	minutes = f.advance(pre, st.MINUTES_APPROVED)
	parent = invite(child.name, child.relations[0].name)

	other = f.make_service_user(
		relations=[f.parent("Per Annen", email=f"per.{frappe.generate_hash(length=6)}@example.no")]
	)
	other_parent = invite(other.name, other.relations[0].name)
	for user in (parent, other_parent, town.teacher):
		update_password(user, password)
	frappe.set_user(town.teacher)
	frappe.get_attr("frappe.desk.form.load.getdoc")("Responsibility Group", group.name)
	frappe.set_user("Administrator")
	frappe.db.commit()
	result = {
		"parent": parent,
		"other_parent": other_parent,
		"child": child.name,
		"group": group.name,
		"minutes": minutes.name,
		"health": town.health,
		"consent": town.consent.name,
	}
	print(json.dumps(result))
	return json.dumps(result)
