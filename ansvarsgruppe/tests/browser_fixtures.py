"""Data for the browser tests (browser_tests/), made through the app's own code and committed.

bench --site SITE execute ansvarsgruppe.tests.browser_fixtures.portal_families --kwargs "{'password': '...'}"
"""

import json

import frappe
from frappe.utils import add_days, getdate
from frappe.utils.password import update_password

from ansvarsgruppe.api.portal import invite
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


def portal_plan(group: str) -> str:
	"""An approved individual plan for the group's person (browser_tests/test_portal.py, the plan page): the
	services' goal M1 comes before the person's own goal M2 in the plan; M2 has a measure and a sub-goal."""
	member = frappe.get_all("Group Member", {"group": group, "user": ("is", "set")}, pluck="user", limit=1)
	today = getdate()
	plan = frappe.get_doc(
		{
			"doctype": "Individual Plan",
			"group": group,
			"plan_from": today,
			"plan_to": add_days(today, 365),
			"next_revision_date": add_days(today, 180),
			"own_goals": "Jeg vil lese bøker selv og ha venner på skolen.",
			"goals": [
				{"goal": "Møte på skolen hver dag"},
				{"goal": "Lese alderstilpasset tekst", "is_persons_own_goal": 1},
				{"goal": "Lese en kapittelbok innen jul", "parent_goal": "M2"},
			],
			"measures": [
				{
					"goal_id": "M2",
					"description": "Lesekurs to ganger i uka",
					"responsible_person": member[0],
					"start_date": today,
					"end_date": add_days(today, 120),
					"status": "Ongoing",
					"evaluation_form": "Measurement",
				}
			],
		}
	).insert(ignore_permissions=True)
	plan.status = "Approved"
	plan.save(ignore_permissions=True)
	frappe.db.commit()
	print(json.dumps({"plan": plan.name}))
	return plan.name


def desk_plan(password: str) -> str:
	"""A group with an approved plan (T1 for the teacher) and a meeting whose status round lists it
	(browser_tests/test_desk.py); the coordinator and the teacher can log in with ``password``."""
	town = f.Municipality()
	group = f.advance(town.group, st.GROUP_APPROVED)
	f.make_member(group.name, town.teacher, town.school)
	today = getdate()
	plan = frappe.get_doc(
		{
			"doctype": "Individual Plan",
			"group": group.name,
			"status": "Approved",
			"plan_from": today,
			"next_revision_date": add_days(today, 180),
			"own_goals": "Jeg vil lese bøker selv.",
			"goals": [{"goal": "Lese alderstilpasset tekst", "is_persons_own_goal": 1}],
			"measures": [
				{
					"goal_id": "M1",
					"description": "Lesekurs to ganger i uka",
					"responsible_unit": town.school,
					"responsible_person": town.teacher,
					"start_date": today,
					"end_date": add_days(today, 120),
					"status": "Planned",
				}
			],
		}
	).insert(ignore_permissions=True)
	minutes = f.make_minutes(group.name, "Ordinary", days_ago=-7)
	for user in (town.coordinator, town.teacher):
		update_password(user, password)
	frappe.db.commit()
	result = {
		"coordinator": town.coordinator,
		"teacher": town.teacher,
		"group": group.name,
		"plan": plan.name,
		"minutes": minutes.name,
	}
	print(json.dumps(result))
	return json.dumps(result)


def idporten_family(discovery_url: str, client_secret: str, password: str) -> str:
	"""Log-in with ID-porten pointed at the browser tests' local provider, and a family whose parent has an
	identity number on the child's relation (browser_tests/test_idporten.py)."""
	from ansvarsgruppe.portal import idporten
	from ansvarsgruppe.tests import idporten_support
	from ansvarsgruppe.tests.oidc_provider import CLIENT_ID

	f.ensure_outgoing_email_account()
	family = idporten_support.Family()
	group = f.advance(family.town.group, st.GROUP_APPROVED)
	update_password(family.parent, password)
	settings = frappe.get_single(idporten.SETTINGS)
	settings.update(
		{
			"enabled": 1,
			"environment": "Other",
			"discovery_url": discovery_url,
			"client_id": CLIENT_ID,
			"client_auth_method": "client_secret_post",
			"client_secret": client_secret,
			"allow_password_login": 1,
		}
	)
	settings.save()
	frappe.db.commit()
	result = {"parent": family.parent, "parent_pid": family.parent_pid, "group": group.name}
	print(json.dumps(result))
	return json.dumps(result)


def idporten_off() -> str:
	settings = frappe.get_single("IDporten Settings")
	settings.enabled, settings.allow_password_login = 0, 1
	settings.save()
	frappe.db.commit()
	print(json.dumps({"enabled": 0}))
	return "{}"
