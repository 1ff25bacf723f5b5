"""Data for the browser tests (browser_tests/), made through the app's own code and committed.

bench --site SITE execute ansvarsgruppe.tests.browser_fixtures.portal_families --kwargs "{'password': '...'}"
"""

import json

import frappe
from frappe.utils import add_days, getdate
from frappe.utils.password import update_password

from ansvarsgruppe.api.messages import post_message
from ansvarsgruppe.api.portal import invite
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f


def mail_ready() -> str:
	"""An outgoing e-mail account (browser_tests/conftest.py, once a run)."""
	f.ensure_outgoing_email_account()
	frappe.db.commit()
	print("{}")
	return "{}"


def family_group():
	"""A town whose child's parent is reached by e-mail, and its group approved with the teacher: (town,
	group)."""
	f.ensure_outgoing_email_account()
	town = f.Municipality()
	town.child.relations[0].email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
	town.child.save()
	group = f.advance(town.group, st.GROUP_APPROVED)
	f.make_member(group.name, town.teacher, town.school)
	return town, group


def portal_families(password: str) -> str:
	town, group = family_group()
	child = town.child
	f.make_member(group.name, town.nurse, town.health)
	pre = f.complete(f.make_minutes(group.name, "Pre-meeting", days_ago=14))
	pre.save()
	minutes = f.advance(pre, st.MINUTES_APPROVED)
	parent = invite(child.name, child.relations[0].name)

	other = f.make_service_user(
		relations=[f.parent("Per Annen", email=f"per.{frappe.generate_hash(length=6)}@example.no")]
	)
	other_parent = invite(other.name, other.relations[0].name)
	# an application and a message, so the page shows each kind of record the family meets
	f.new_application(child).insert(ignore_permissions=True)
	with f.as_user(town.coordinator):
		post_message(group.name, "Velkommen til ansvarsgruppen. Første møte blir på skolen.")
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
	plan = f.make_plan(
		group,
		own_goals="Jeg vil lese bøker selv og ha venner på skolen.",
		goals=[
			{"goal": "Møte på skolen hver dag"},
			{"goal": "Lese alderstilpasset tekst", "is_persons_own_goal": 1},
			{"goal": "Lese en kapittelbok innen jul", "parent_goal": "M2"},
		],
		measures=[f.plan_measure(None, member[0], goal_id="M2", evaluation_form="Measurement")],
	)
	frappe.db.commit()
	print(json.dumps({"plan": plan.name}))
	return plan.name


def desk_plan(password: str) -> str:
	"""A group with an approved plan (T1 for the teacher) and a meeting whose status round lists it
	(browser_tests/test_desk.py); the coordinator and the teacher can log in with ``password``."""
	town = f.Municipality()
	group = f.advance(town.group, st.GROUP_APPROVED)
	f.make_member(group.name, town.teacher, town.school)
	plan = f.make_plan(group.name, measures=[f.plan_measure(town.school, town.teacher, status="Planned")])
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


def desk_home(password: str) -> str:
	"""A user of every desk role with a home, a group with a meeting coming, minutes being written and
	approved minutes, and another coordinator's group meeting the same day (browser_tests/test_desk_home.py).
	Returns the log-ins, the documents and each home's figures counted straight from the database."""
	town = f.Municipality()
	ke = f.make_user("Kari KE", ["Coordinating Unit"])
	leader = f.make_user("Lena Leder", ["Unit Leader"])
	frappe.db.set_value("Service Unit", town.school, "unit_leader", leader)
	group = f.advance(town.group, st.GROUP_APPROVED)
	f.make_member(group.name, town.teacher, town.school)
	today = getdate()
	# A day in the calendar's current month, after today when the month allows it.
	coming_day = add_days(today, 2) if add_days(today, 2).month == today.month else today
	approved = f.complete(f.make_minutes(group.name, "Pre-meeting", days_ago=9))
	approved.save()
	approved = f.advance(approved, st.MINUTES_APPROVED)
	held = f.make_minutes(group.name, "Ordinary", days_ago=2, minute_taker=town.teacher)
	held = f.advance(held, st.MINUTES_DRAFT)
	coming = f.make_minutes(
		group.name, "Ordinary", days_ago=(today - coming_day).days, start_time="13:30:00", end_time="15:00:00"
	)

	other_coordinator = f.make_user("Olav Annen", ["Coordinator"])
	other_child = f.make_service_user(relations=[f.parent("Per Annen")])
	other_consent = f.make_consent(other_child, [town.welfare])
	other_group = f.make_group(
		other_child.name, town.welfare, other_coordinator, other_consent.name, status=st.GROUP_APPROVED
	)
	other_meeting = f.make_minutes(other_group.name, "Pre-meeting", days_ago=(today - coming_day).days)
	application = f.new_application(town.child).insert(ignore_permissions=True)
	final = final_records(town, group)

	open_groups = ("in", st.GROUP_OPEN)
	led_units = frappe.get_all("Service Unit", {"unit_leader": leader}, pluck="name")
	member_groups = set(
		frappe.get_all(
			"Group Member",
			{"user": town.teacher, "status": ("in", (st.MEMBER_APPROVED, st.MEMBER_ACTIVE))},
			pluck="group",
		)
	)
	figures = {
		"coordinator": {
			"My Groups": frappe.db.count(
				"Responsibility Group", {"coordinator": town.coordinator, "status": open_groups}
			),
			"My Next Meetings": frappe.db.count(
				"Meeting Minutes",
				{
					"coordinator": town.coordinator,
					"status": st.MINUTES_INVITED,
					"meeting_date": (">=", today),
				},
			),
			"Minutes to Write or Approve": frappe.db.count(
				"Meeting Minutes",
				{
					"coordinator": town.coordinator,
					"status": ("in", (st.MINUTES_INVITED, st.MINUTES_DRAFT)),
					"meeting_date": ("<=", today),
				},
			),
		},
		"ke": {
			"Applications Waiting": frappe.db.count("IP Application", {"status": st.APPLICATION_RECEIVED}),
			"Open Groups": frappe.db.count("Responsibility Group", {"status": open_groups}),
		},
		"leader": {
			"Unit Groups": frappe.db.count(
				"Responsibility Group", {"status": open_groups, "responsible_unit": ("in", led_units)}
			),
			"Applications to Appoint For": frappe.db.count(
				"IP Application", {"status": st.APPLICATION_DECIDED, "responsible_unit_leader": leader}
			),
		},
		"participant": {
			"Groups I Take Part In": frappe.db.count(
				"Responsibility Group", {"name": ("in", member_groups), "status": open_groups}
			),
		},
	}
	for user in (town.coordinator, town.teacher, ke, leader, other_coordinator, final["closed_coordinator"]):
		update_password(user, password)
	frappe.db.commit()
	result = {
		**final,
		"coordinator": town.coordinator,
		"coordinator_name": frappe.db.get_value("User", town.coordinator, "full_name"),
		"unit": town.school,
		"participant": town.teacher,
		"ke": ke,
		"leader": leader,
		"other_coordinator": other_coordinator,
		"group": group.name,
		"coming": coming.name,
		"coming_date": str(coming.meeting_date),
		"held": held.name,
		"approved": approved.name,
		"other_meeting": other_meeting.name,
		"application": application.name,
		"person": town.child.full_name,
		"other_person": other_child.full_name,
		"figures": figures,
	}
	print(json.dumps(result))
	return json.dumps(result)


def final_records(town, group) -> dict:
	"""Final records for the desk's read-only forms (browser_tests/test_desk_home.py): the group's signed
	consent and approved plan, and a closed group of another coordinator with its closing meeting's minutes
	and its plan."""
	plan = f.make_plan(group.name, town.teacher, town.school)
	closed_coordinator = f.make_user("Klara Avsluttet", ["Coordinator"])
	child = f.make_service_user(relations=[f.parent("Siv Avsluttet")])
	consent = f.make_consent(child, [town.school])
	closed = f.make_group(child.name, town.school, closed_coordinator, consent.name, status=st.GROUP_APPROVED)
	closed_plan = f.make_plan(closed.name, closed_coordinator, town.school)
	closing = f.make_minutes(closed.name, "Closing")
	closed.reload()
	closed.status, closed.closed_date, closed.closing_reason = st.GROUP_CLOSED, getdate(), "Målene er nådd"
	closed.save()
	return {
		"consent": town.consent.name,
		"plan": plan.name,
		"closed_coordinator": closed_coordinator,
		"closed_group": closed.name,
		"closed_minutes": closing.name,
		"closed_plan": closed_plan.name,
	}


def idporten_off() -> str:
	settings = frappe.get_single("IDporten Settings")
	settings.enabled, settings.allow_password_login = 0, 1
	settings.save()
	frappe.db.commit()
	print(json.dumps({"enabled": 0}))
	return "{}"


def message_family(password: str) -> str:
	"""A group with a coordinator, a member and a portal parent, all able to log in with ``password``
	(browser_tests/test_messages.py)."""
	town, group = family_group()
	parent = invite(town.child.name, town.child.relations[0].name)
	for user in (parent, town.coordinator, town.teacher):
		update_password(user, password)
	frappe.db.commit()
	result = {"parent": parent, "coordinator": town.coordinator, "group": group.name}
	print(json.dumps(result))
	return json.dumps(result)


def desk_archive(password: str) -> str:
	"""An approved group with approved minutes, whose coordinator archives the group and corrects the
	minutes in the desk (browser_tests/test_archive.py)."""
	town = f.Municipality()
	group = f.advance(town.group, st.GROUP_APPROVED)
	pre = f.complete(f.make_minutes(group.name, "Pre-meeting", days_ago=14))
	pre.save()
	minutes = f.advance(pre, st.MINUTES_APPROVED)
	update_password(town.coordinator, password)
	frappe.db.commit()
	result = {"coordinator": town.coordinator, "group": group.name, "minutes": minutes.name}
	print(json.dumps(result))
	return json.dumps(result)


def closing_proposed_group(password: str) -> str:
	"""A Proposed group whose coordinator closes it with a cause in the desk, and a KE user who then finds
	it among the exceptions of the overview (browser_tests/test_dead_ends.py)."""
	f.ensure_outgoing_email_account()
	town = f.Municipality()
	ke = f.make_user("Kari KE", ["Coordinating Unit"])
	for user in (town.coordinator, ke):
		update_password(user, password)
	frappe.db.commit()
	result = {"coordinator": town.coordinator, "ke": ke, "group": town.group.name}
	print(json.dumps(result))
	return json.dumps(result)


def desk_appointment(password: str) -> str:
	"""An approved group whose responsible unit's leader appoints a new coordinator in the desk
	(browser_tests/test_appointment.py)."""
	town = f.Municipality()
	group = f.advance(town.group, st.GROUP_APPROVED)
	f.make_member(group.name, town.coordinator, town.school, role="Coordinator")
	leader = f.make_user("Lise Leder", ["Unit Leader"])
	frappe.db.set_value("Service Unit", town.school, "unit_leader", leader)
	successor = f.make_user(f.unique("Nina Nykoordinator"), ["Coordinator"])
	update_password(leader, password)
	frappe.db.commit()
	result = {
		"leader": leader,
		"group": group.name,
		"coordinator": town.coordinator,
		"successor": successor,
		"successor_name": frappe.db.get_value("User", successor, "full_name"),
	}
	print(json.dumps(result))
	return json.dumps(result)


def local_administrator_group(password: str) -> str:
	"""A closed group, and a Local Administrator who opens its form read-only and finds the Reopen and Archive
	buttons (browser_tests/test_dead_ends.py)."""
	town = f.Municipality()
	group = f.make_closed_group(town.school, town.coordinator)
	admin = f.make_user("Lone Lokal", ["Local Administrator"])
	update_password(admin, password)
	frappe.db.commit()
	result = {"local_admin": admin, "group": group.name}
	print(json.dumps(result))
	return json.dumps(result)


def voice_family(password: str) -> str:
	"""A group with a portal parent and its next meeting called a week ahead; the parent answers and
	proposes in the portal, the coordinator takes the item in on the desk (browser_tests/test_family_voice.py)."""
	town, group = family_group()
	parent = invite(town.child.name, town.child.relations[0].name)
	minutes = f.make_minutes(group.name, days_ago=-7)
	for user in (parent, town.coordinator):
		update_password(user, password)
	frappe.db.commit()
	result = {"parent": parent, "coordinator": town.coordinator, "minutes": minutes.name}
	print(json.dumps(result))
	return json.dumps(result)


def first_time_numbers() -> str:
	"""Identity numbers nobody here has: a parent's and their eight-year-old child's."""
	from ansvarsgruppe.tests.idporten_support import random_number
	from ansvarsgruppe.tests.test_first_time_applicant import child_number

	result = {"parent_pid": random_number(1975, 1990), "child_number": child_number()}
	print(json.dumps(result))
	return json.dumps(result)


def decide_first_time_application(parent_pid: str) -> str:
	"""KE decides the application a first-time applicant filed for their child: granted, the school the
	responsible unit; the decision letter is given in the portal."""
	relation = frappe.db.get_value(
		"Service User Relation", {"national_id": parent_pid, "parenttype": "Service User"}, "parent"
	)
	name = frappe.db.get_value("IP Application", {"service_user": relation}, "name")
	application = frappe.get_doc("IP Application", name)
	unit = frappe.get_all("Service Unit", pluck="name", limit=1)[0]
	application.update(
		{"status": st.APPLICATION_DECIDED, "decision_date": getdate(), "responsible_unit": unit}
	)
	application.save(ignore_permissions=True)
	frappe.db.commit()
	result = {
		"application": name,
		"identified_by": application.identified_by,
		"decision_letter_on": str(frappe.db.get_value("IP Application", name, "decision_letter_on")),
	}
	print(json.dumps(result))
	return json.dumps(result)


def desk_members(password: str) -> str:
	"""An approved group whose coordinator adds a teacher and a nurse in one dialog; the consent covers the
	school and the health station (browser_tests/test_add_members.py)."""
	town = f.Municipality()
	group = f.advance(town.group, st.GROUP_APPROVED)
	update_password(town.coordinator, password)
	frappe.db.commit()
	result = {
		"coordinator": town.coordinator,
		"group": group.name,
		"teacher": town.teacher,
		"nurse": town.nurse,
		"outsider": town.outsider,
		"school": town.school,
		"health": town.health,
		"welfare": town.welfare,
		"names": {u: frappe.db.get_value("User", u, "full_name") for u in (town.teacher, town.nurse)},
	}
	print(json.dumps(result))
	return json.dumps(result)


def desk_handover(password: str) -> str:
	"""An approved group whose coordinator hands it over to another municipality, first without the person's
	consent (refused), then with it (browser_tests/test_handover.py)."""
	town = f.Municipality()
	group = f.advance(town.group, st.GROUP_APPROVED)
	update_password(town.coordinator, password)
	frappe.db.commit()
	result = {"coordinator": town.coordinator, "group": group.name}
	print(json.dumps(result))
	return json.dumps(result)


def idporten_person_plan(discovery_url: str, client_secret: str, password: str) -> str:
	"""Log-in with ID-porten pointed at the browser tests' local provider, and an adult who uses the portal
	themselves with a draft individual plan in their group (browser_tests/test_plan_voice.py)."""
	from ansvarsgruppe.tests import idporten_support

	f.ensure_outgoing_email_account()
	family = idporten_support.Family()
	town = family.town
	consent = f.make_consent(family.adult, [town.school])
	group = f.make_group(
		family.adult.name, town.school, town.coordinator, consent.name, status=st.GROUP_APPROVED
	)
	plan = f.make_plan(group.name, town.teacher, town.school, status=st.PLAN_DRAFT)
	for user in (family.adult_user, town.coordinator):
		update_password(user, password)
	idporten_family_settings(discovery_url, client_secret)
	result = {
		"person": family.adult_user,
		"person_pid": family.adult_pid,
		"coordinator": town.coordinator,
		"plan": plan.name,
	}
	print(json.dumps(result))
	return json.dumps(result)


def idporten_family_settings(discovery_url: str, client_secret: str):
	from ansvarsgruppe.portal import idporten
	from ansvarsgruppe.tests.oidc_provider import CLIENT_ID

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


def plan_agreement(plan: str) -> str:
	"""How the plan records the person's agreement (browser_tests/test_plan_voice.py)."""
	values = frappe.db.get_value(
		"Individual Plan",
		plan,
		[
			"person_agreed",
			"agreed_by",
			"agreed_as",
			"agreement_signed_digitally",
			"agreement_signature_level",
		],
		as_dict=True,
	)
	print(json.dumps(values))
	return json.dumps(values)


def form_names(password: str) -> str:
	"""An approved group made by the school's leader and changed since by its coordinator, whose teacher
	(a participant) logs in with ``password`` (browser_tests/test_form_names.py)."""
	town = f.Municipality()
	leader = f.make_user("Lise Leder", ["Unit Leader"])
	group = f.advance(town.group, st.GROUP_APPROVED)
	frappe.db.set_value("Responsibility Group", group.name, "owner", leader, update_modified=False)
	f.make_member(group.name, town.teacher, town.school)
	with f.as_user(town.coordinator):
		group = frappe.get_doc("Responsibility Group", group.name)
		group.mandate = "Samordne skole og helsestasjon rundt barnet."
		group.save(ignore_permissions=True)
	update_password(town.teacher, password)
	frappe.db.commit()
	result = {
		"participant": town.teacher,
		"group": group.name,
		"coordinator": town.coordinator,
		"leader": leader,
		"names": {u: frappe.db.get_value("User", u, "full_name") for u in (town.coordinator, leader)},
	}
	print(json.dumps(result))
	return json.dumps(result)
