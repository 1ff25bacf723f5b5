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
	# an application received, for KE to decide which unit is responsible and the leader to appoint
	applicant_child = f.make_service_user(age_years=9, relations=[f.parent("Tone Søker")])
	consent = f.make_consent(applicant_child, [staff.school])
	application = f.new_application(applicant_child, consent=consent.name).insert()

	# a group whose pre-meeting was held yesterday, with the coordinator as its minute-taker
	town = f.Municipality(staff)
	town.child.relations[0].email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
	town.child.save()
	group = f.advance(town.group, st.GROUP_APPROVED)
	f.make_member(group.name, staff.teacher, staff.school)
	pre = f.complete(f.make_minutes(group.name, "Pre-meeting", days_ago=1, minute_taker=staff.coordinator))
	pre.conclusion = None
	pre.distribution = []  # the form fills it in from the group when the minutes are written
	pre.save()
	# the group's first meeting, called for next week
	meeting = f.make_minutes(
		group.name, "Ordinary", days_ago=-7, start_time="13:30:00", place="Møterom Fjord, rådhuset"
	)
	# the plan in force, with a measure the teacher carries out
	plan_application = f.new_application(town.child).insert(ignore_permissions=True)
	plan = f.make_plan(
		group.name,
		staff.teacher,
		staff.school,
		ip_application=plan_application.name,
		measures=[f.plan_measure(staff.school, staff.teacher, description="Lesekurs to ganger i uka")],
	)
	with f.as_user(staff.coordinator):
		parent = invite(town.child.name, town.child.relations[0].name)
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
		"group": group.name,
		"pre_meeting": pre.name,
		"meeting": meeting.name,
	}
	print(json.dumps(result))
	return json.dumps(result)
