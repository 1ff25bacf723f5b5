"""Data for the browser walk through one case (browser_tests/test_case_walk.py), made through the app's own
code and committed: the people and records each step of the walk starts from.

bench --site SITE execute ansvarsgruppe.tests.browser_case_fixtures.case_walk --kwargs "{'password': '...'}"
"""

import json

import frappe
from frappe.utils.password import update_password

from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


def case_walk(password: str) -> str:
	f.ensure_outgoing_email_account()
	staff = f.Staff()
	leader = f.make_user("Lise Leder", ["Unit Leader"])
	frappe.db.set_value("Service Unit", staff.school, "unit_leader", leader)

	ke = f.make_user("Kari KE", ["Coordinating Unit"])
	# an application received, without a consent yet, for KE to decide which unit is responsible, the
	# leader to appoint and the coordinator to take from there; the parent already has a portal account
	email = f"tone.{frappe.generate_hash(length=6)}@example.no"
	applicant_child = f.make_service_user(
		f.unique("Mia Saksen"), age_years=9, relations=[f.parent("Tone Søker", email=email)]
	)
	application = f.new_application(applicant_child).insert()
	parent = invite(applicant_child.name, applicant_child.relations[0].name)

	# another group, with the plan in force and a measure the teacher carries out
	town = f.Municipality(staff)
	group = f.advance(town.group, st.GROUP_APPROVED)
	f.make_member(group.name, staff.teacher, staff.school)
	plan_application = f.new_application(town.child).insert(ignore_permissions=True)
	plan = f.make_plan(
		group.name,
		staff.teacher,
		staff.school,
		ip_application=plan_application.name,
		measures=[f.plan_measure(staff.school, staff.teacher, description="Lesekurs to ganger i uka")],
	)
	for user in (ke, leader, staff.coordinator, staff.teacher, parent):
		update_password(user, password)
	frappe.db.commit()
	result = {
		"ke": ke,
		"school": staff.school,
		"leader": leader,
		"coordinator": staff.coordinator,
		"coordinator_name": frappe.utils.get_fullname(staff.coordinator),
		"parent": parent,
		"participant": staff.teacher,
		"plan": plan.name,
		"application": application.name,
		"applicant": "Tone Søker",
		"child": applicant_child.name,
		"child_name": applicant_child.full_name,
		"teacher_name": frappe.utils.get_fullname(staff.teacher),
	}
	print(json.dumps(result))
	return json.dumps(result)
