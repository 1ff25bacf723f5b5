"""Attack suite (roles): every user acts within their role (R2, R3, R5, R16).

A group's coordinator changes only through the appointment («Oppnevn koordinator»: the responsible unit's
leader appoints a user in the Coordinator role; recorded with who, when and why; the old coordinator's
memberships end; KE and the members are told). Nobody creates or changes a record so that it gives
themselves access they did not have: the fields that grant access (``permissions/grants.py``) are tried as a
unit leader, KE, the coordinator of another group, a participant, the Local Administrator and Archive staff,
over HTTP against the served test site (``frappe.client``, ``savedocs``, REST) and, for the roads that skip
the permission check (a web form, an import), in-process with ``ignore_permissions``. Every forbidden
attempt is refused and changes nothing (rows counted and stored values compared before and after).

The records are committed (the web server reads them through its own connection) and removed when the
module ends.
"""

import json

import frappe
import requests
from frappe.utils import get_url, getdate

from ansvarsgruppe.api.messages import post_message
from ansvarsgruppe.permissions import grants, registry
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f

PASSWORD = "Roller-Angrep-2026!"
ATTEMPTS = [0]
T = frappe._dict()
CREATED: list[tuple[str, str]] = []
SECRET = "Mor har bedt om at helseopplysningene om far ikke deles"


def setUpModule():
	frappe.set_user("Administrator")
	f.ensure_outgoing_email_account()
	with f.unthrottled_users():
		build_scene(T)
	frappe.db.commit()


def tearDownModule():
	frappe.set_user("Administrator")
	frappe.db.rollback()
	remove_scene()
	frappe.db.commit()
	print(f"\nattack suite (roles): {ATTEMPTS[0]} attempts")


def keep(doc):
	CREATED.append((doc.doctype, doc.name))
	return doc


def login_user(key: str, name: str, roles) -> str:
	T[key] = f.make_login_user(name, roles, PASSWORD)
	T.setdefault("users", []).append(T[key])
	return T[key]


def family(name: str):
	return keep(f.make_service_user(name=f.unique(name), relations=[f.parent(f.unique("Forelder"))]))


def build_scene(t):
	# a unit leader who also holds the Coordinator role (and so may create groups), and one of another unit
	login_user("leader", "Lise Leder", ["Unit Leader", "Coordinator"])
	login_user("other_leader", "Leif Leder", ["Unit Leader"])
	login_user("ke", "Kari KE", ["Coordinating Unit"])
	login_user("ke_colleague", "Kåre KE", ["Coordinating Unit"])
	login_user("coordinator", "Kari Koordinator", ["Coordinator"])
	login_user("successor", "Nina Nykoordinator", ["Coordinator"])
	login_user("other_coordinator", "Olav Annen", ["Coordinator"])
	login_user("teacher", "Per Lærer", ["Group Participant"])
	login_user("ended", "Erik Sluttet", ["Group Participant"])
	login_user("local_admin", "Lotte Lokal", ["Local Administrator"])
	login_user("archive", "Arne Arkiv", ["Archive"])

	t.school = keep(frappe.get_doc("Service Unit", f.make_unit(f.unique("Skole"), t.leader))).name
	t.welfare = keep(frappe.get_doc("Service Unit", f.make_unit(f.unique("Barnevern"), t.other_leader))).name

	# the family's group, with a private thread
	child = family("Ada Barn")
	t.child = child.name
	t.consent = keep(f.make_consent(child, [t.school])).name
	t.group = group(t.child, t.school, t.coordinator, t.consent)
	f.make_member(t.group, t.coordinator, t.school, role="Coordinator")
	f.make_member(t.group, t.teacher, t.school)
	t.draft = f.advance(
		f.make_minutes(t.group, days_ago=2, minute_taker=t.coordinator), st.MINUTES_DRAFT
	).name
	t.invited = f.make_minutes(t.group, days_ago=-7, minute_taker=t.coordinator).name
	with f.as_user(t.coordinator):
		post_message(t.group, SECRET)

	# a group where the appointment is made: the coordinator is also a second, professional member
	appointed_child = family("Bo Barn")
	t.appointed_child = appointed_child.name
	consent = keep(f.make_consent(appointed_child, [t.school]))
	t.appointed_group = group(t.appointed_child, t.school, t.coordinator, consent.name)
	t.old_memberships = [
		f.make_member(t.appointed_group, t.coordinator, t.school, role="Coordinator").name,
		f.make_member(t.appointed_group, t.coordinator, t.school).name,
	]
	f.make_member(t.appointed_group, t.teacher, t.school)
	f.make_member(t.appointed_group, t.ended, t.school, status=st.MEMBER_ENDED)
	with f.as_user(t.coordinator):
		post_message(t.appointed_group, SECRET)

	# another family's group, coordinated by someone else, and a proposed group of theirs with no consent
	other = family("Cia Barn")
	other_consent = keep(f.make_consent(other, [t.welfare])).name
	t.other_group = group(other.name, t.welfare, t.other_coordinator, other_consent)
	t.other_membership = f.make_member(t.other_group, t.other_coordinator, t.welfare, role="Coordinator").name
	t.proposed_group = group(family("Dan Barn").name, t.welfare, t.other_coordinator, None, st.GROUP_PROPOSED)

	# a person with no group, registered by the other coordinator, whose consent someone else registered
	with f.as_user(t.other_coordinator):
		loose = keep(
			f.make_service_user(name=f.unique("Eli Barn"), relations=[f.parent(f.unique("Forelder"))])
		)
	t.loose = loose.name
	t.loose_consent = keep(f.make_consent(loose, [t.welfare])).name

	# applications KE has decided for the school, waiting for the leader's appointment; in the second the
	# leader is already named as its coordinator (data from before the rule)
	t.application = decided_application("Frida Barn")
	t.named_application = decided_application(
		"Gro Barn", appointed_coordinator=t.leader, coordinator_unit=t.school
	)

	# a closed group of the school
	closed = f.make_closed_group(t.school, t.coordinator, relative=f.unique("Liv Lukket"))
	CREATED.extend([("Service User", closed.service_user), ("Consent", closed.consent)])
	t.closed_group = keep(closed).name


def decided_application(name: str, **values) -> str:
	application = keep(f.new_application(family(name)).insert(ignore_permissions=True))
	values.update(
		responsible_unit=T.school,
		decision_date=getdate(),
		status=st.APPLICATION_DECIDED,
		workflow_state="Behandlet",
		collaboration_form="Responsibility Group",
	)
	frappe.db.set_value("IP Application", application.name, values)
	return application.name


def group(person: str, unit: str, coordinator: str, consent: str | None, status: str = st.GROUP_APPROVED):
	return keep(f.make_group(person, unit, coordinator, consent, status=status)).name


def remove_scene():
	people = [name for doctype, name in CREATED if doctype == "Service User"]
	groups = [name for doctype, name in CREATED if doctype == "Responsibility Group"]
	# and any group an attempt made (when a defence was missing)
	groups += frappe.get_all("Responsibility Group", {"service_user": ("in", people or ["-"])}, pluck="name")
	CREATED.extend(("Responsibility Group", name) for name in set(groups) - {n for _d, n in CREATED})
	messages = frappe.get_all("Group Message", {"group": ("in", groups or ["-"])}, pluck="name")
	frappe.db.delete("Group Message Read", {"message": ("in", messages or ["-"])})
	for doctype in ("Group Message", "Group Member", "Meeting Minutes", "Archive Package"):
		f.delete_records(doctype, {"group": ("in", groups or ["-"])})
	f.delete_records("IP Application", {"responsibility_group": ("in", groups or ["-"])})
	for doctype, name in reversed(CREATED):
		f.delete_records(doctype, {"name": name})
	f.delete_users(T.get("users"))


# Roads ----------------------------------------------------------------------------------------------------


class Web(f.WebSession):
	def __init__(self, user: str):
		super().__init__(user, PASSWORD)

	def put(self, path: str, values: dict) -> requests.Response:
		ATTEMPTS[0] += 1
		return self.session.put(
			get_url(path), data=json.dumps(values), headers={"Content-Type": "application/json"}
		)

	def savedocs(self, doc: dict) -> requests.Response:
		return self.call("frappe.desk.form.save.savedocs", doc=json.dumps(doc, default=str), action="Save")

	def insert(self, doc: dict) -> requests.Response:
		return self.call("frappe.client.insert", doc=json.dumps(doc, default=str))

	def set_values(self, doctype: str, name: str, values: dict) -> requests.Response:
		"""``frappe.client.set_value`` with several fields at once (a dict as ``fieldname``)."""
		return self.call(
			"frappe.client.set_value", doctype=doctype, name=name, fieldname=json.dumps(values, default=str)
		)

	def appoint(self, group: str, coordinator: str, reason: str | None = None) -> requests.Response:
		more = {"reason": reason} if reason else {}
		return self.call(
			"ansvarsgruppe.api.groups.appoint_coordinator", group=group, coordinator=coordinator, **more
		)


def fresh():
	"""What the web server committed (a new snapshot for this connection)."""
	frappe.db.rollback()


def stored(doctype: str, name: str, field: str):
	fresh()
	return frappe.db.get_value(doctype, name, field)


def count(doctype: str, **filters) -> int:
	fresh()
	return frappe.db.count(doctype, filters)


def as_json(doctype: str, name: str, **changes) -> dict:
	fresh()
	doc = frappe.get_doc(doctype, name).as_dict(convert_dates_to_str=True)
	doc.update(changes)
	return json.loads(json.dumps(doc, default=str))


def appointments(group: str) -> list[dict]:
	fresh()
	return frappe.get_all(
		"Coordinator Appointment",
		filters={"parent": group, "parenttype": "Responsibility Group"},
		fields=["name", "coordinator", "previous_coordinator", "appointed_by", "appointed_on", "reason"],
		order_by="idx",
	)


def mails_about(group: str) -> list[str]:
	fresh()
	return frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Responsibility Group", "reference_name": group},
		pluck="name",
	)


def group_state(group: str) -> tuple:
	"""What an attempt on the group's coordinator must leave as it was."""
	fresh()
	return (
		frappe.db.get_value("Responsibility Group", group, "coordinator"),
		frappe.db.count("Group Member", {"group": group}),
		frappe.db.count("Group Member", {"group": group, "status": st.MEMBER_ENDED}),
		appointments(group),
		len(mails_about(group)),
	)


class RoleAttackCase(f.MunicipalityTestCase):
	sessions: dict = {}
	language = None
	with_staff = False

	def tearDown(self):
		super().tearDown()
		frappe.local.message_log = []

	def web(self, user: str) -> Web:
		if user not in RoleAttackCase.sessions:
			RoleAttackCase.sessions[user] = Web(user)
		return RoleAttackCase.sessions[user]

	def refused(self, response: requests.Response, what: str, *secrets: str):
		ATTEMPTS[0] += 1
		self.assertIn(
			response.status_code, (403, 417), f"{what}: {response.status_code} {response.text[:400]}"
		)
		for secret in secrets:
			self.assertNotIn(secret, response.text, what)
		return response

	def allowed(self, response: requests.Response, what: str):
		ATTEMPTS[0] += 1
		self.assertEqual(response.status_code, 200, f"{what}: {response.text[:600]}")
		return response.json().get("message")

	def refused_in_process(self, user: str, action, what: str, error=frappe.PermissionError):
		"""As ``user``, on a road that skips the permission check: the field's own rule still refuses."""
		ATTEMPTS[0] += 1
		frappe.set_user(user)
		try:
			with self.assertRaises(error, msg=what):
				action()
		finally:
			frappe.local.message_log = []
			frappe.db.rollback()
			frappe.set_user("Administrator")

	def reads_conversation(self, user: str, group: str) -> bool:
		response = self.web(user).call("ansvarsgruppe.api.messages.get_conversation", group=group)
		return response.ok and SECRET in response.text


class TestTheCoordinatorChangesOnlyByAppointment(RoleAttackCase):
	"""R2, R3: no road but the appointment changes a group's coordinator."""

	def test_r2_the_unit_leader_does_not_make_themselves_coordinator(self):
		self.assertFalse(self.reads_conversation(T.leader, T.group), "the leader reads no family thread")
		before = group_state(T.group)
		web = self.web(T.leader)
		group = f"/api/resource/Responsibility Group/{T.group}"
		for response, what in (
			(web.set_value("Responsibility Group", T.group, "coordinator", T.leader), "set_value"),
			(web.set_values("Responsibility Group", T.group, {"coordinator": T.leader}), "set_value (dict)"),
			(web.savedocs(as_json("Responsibility Group", T.group, coordinator=T.leader)), "savedocs"),
			(web.put(group, {"coordinator": T.leader}), "REST PUT"),
			# nor anyone else but through the appointment (recorded, KE told)
			(
				web.set_value("Responsibility Group", T.group, "coordinator", T.successor),
				"another, set_value",
			),
			(web.put(group, {"coordinator": T.successor}), "another, REST PUT"),
		):
			self.refused(response, f"the leader sets the coordinator by {what}")
			self.assertEqual(group_state(T.group), before, what)
		self.assertFalse(self.reads_conversation(T.leader, T.group), "the leader still reads no thread")

	def test_r2_nobody_else_takes_over_the_group(self):
		before = group_state(T.group)
		for user in (T.ke, T.other_coordinator, T.teacher, T.local_admin, T.archive, T.other_leader):
			web = self.web(user)
			self.refused(
				web.set_value("Responsibility Group", T.group, "coordinator", user), f"{user}: set_value"
			)
			self.refused(
				web.put(f"/api/resource/Responsibility Group/{T.group}", {"coordinator": user}),
				f"{user}: PUT",
			)
			self.assertEqual(group_state(T.group), before, user)
			if user != T.teacher:  # a member, who reads the thread anyway
				self.assertFalse(self.reads_conversation(user, T.group), user)

	def test_r2_a_new_group_does_not_come_with_its_creator_as_coordinator(self):
		"""KE (every group's reader) and a leader who is also a coordinator make a group for a person with
		themselves as coordinator: they would read every consent of that person."""
		groups = count("Responsibility Group")
		for user, unit in ((T.ke, T.welfare), (T.leader, T.school), (T.other_coordinator, T.welfare)):
			new = {
				"doctype": "Responsibility Group",
				"service_user": T.loose,
				"responsible_unit": unit,
				"coordinator": user,
			}
			web = self.web(user)
			self.refused(web.insert(new), f"{user}: frappe.client.insert")
			self.refused(
				web.post("/api/resource/Responsibility Group", data=json.dumps(new)), f"{user}: POST"
			)
			self.refused(web.savedocs({**new, "__islocal": 1, "name": "new-responsibility-group-1"}), user)
			self.assertEqual(count("Responsibility Group"), groups, user)
		consents = self.web(T.ke).get("/api/resource/Consent", filters=[["service_user", "=", T.loose]])
		self.assertEqual(consents.json().get("data"), [], "KE reads no consent of the person")

	def test_r2_the_recorded_appointments_cannot_be_rewritten(self):
		"""The coordinator (who may write the group) neither edits nor removes nor adds an appointment."""
		before = group_state(T.group)
		row = before[3][0]
		web = self.web(T.coordinator)
		self.refused(
			web.set_value("Coordinator Appointment", row.name, "appointed_by", T.leader), "edit a row"
		)
		self.refused(
			web.savedocs(as_json("Responsibility Group", T.group, coordinator_appointments=[])), "remove rows"
		)
		doc = as_json("Responsibility Group", T.group)
		doc["coordinator_appointments"].append(
			{"doctype": "Coordinator Appointment", "coordinator": T.coordinator, "appointed_by": T.leader}
		)
		self.refused(web.savedocs(doc), "add a row")
		self.assertEqual(group_state(T.group), before)


class TestTheAppointment(RoleAttackCase):
	"""R2, R3, R16: the responsible unit's leader appoints, recorded, the old memberships ended, KE told."""

	def test_r2_r3_only_the_leader_appoints_a_coordinator_with_a_reason(self):
		group = T.appointed_group
		before = group_state(group)
		reason = "Kari går ut i foreldrepermisjon"
		for user in (T.other_leader, T.ke, T.coordinator, T.teacher, T.local_admin, T.archive):
			self.refused(self.web(user).appoint(group, T.successor, reason), f"{user} appoints")
			self.refused(self.web(user).appoint(group, user, reason), f"{user} appoints themselves")
		leader = self.web(T.leader)
		self.refused(leader.appoint(group, T.leader, reason), "the leader appoints themselves")
		self.refused(leader.appoint(group, T.teacher, reason), "a participant is no coordinator")
		self.refused(leader.appoint(group, T.successor), "replacing a coordinator needs the reason")
		self.refused(
			leader.appoint(T.closed_group, T.successor, reason), "a closed group keeps its coordinator"
		)
		self.assertEqual(group_state(group), before)

		candidates = self.allowed(
			leader.call("ansvarsgruppe.api.groups.coordinator_candidates", group=group), "the candidates"
		)
		values = {c["value"] for c in candidates}
		self.assertIn(T.successor, values)
		self.assertFalse(values & {T.leader, T.coordinator, T.teacher}, values)
		self.refused(
			self.web(T.ke).call("ansvarsgruppe.api.groups.coordinator_candidates", group=group), "KE's list"
		)

	def test_r2_r3_r16_the_leader_appoints_recorded_old_memberships_ended_ke_and_members_told(self):
		group = T.appointed_group
		self.assertTrue(self.reads_conversation(T.coordinator, group))
		before = appointments(group)
		mails_before = set(mails_about(group))
		reason = "Kari går ut i foreldrepermisjon"
		answer = self.allowed(self.web(T.leader).appoint(group, T.successor, reason), "the leader appoints")

		self.assertEqual(stored("Responsibility Group", group, "coordinator"), T.successor)
		rows = appointments(group)
		self.assertEqual(len(rows), len(before) + 1)
		row = rows[-1]
		self.assertEqual(answer["appointment"], row.name)
		self.assertEqual(
			(row.coordinator, row.previous_coordinator, row.appointed_by, row.reason),
			(T.successor, T.coordinator, T.leader, reason),
		)
		self.assertEqual(getdate(row.appointed_on), getdate())
		for name in T.old_memberships:
			self.assertEqual(stored("Group Member", name, "status"), st.MEMBER_ENDED, name)
			self.assertEqual(getdate(stored("Group Member", name, "to_date")), getdate(), name)
		fresh()
		self.assertTrue(
			frappe.db.exists(
				"Group Member",
				{
					"group": group,
					"user": T.successor,
					"member_role": "Coordinator",
					"status": ("!=", "Ended"),
				},
			)
		)
		mails = sorted(set(mails_about(group)) - mails_before)
		self.assertEqual(len(mails), 1, "one mail about the appointment")
		self.assertIn("Ny koordinator", frappe.db.get_value("Email Queue", mails[0], "message"))
		recipients = set(frappe.get_all("Email Queue Recipient", {"parent": mails[0]}, pluck="recipient"))
		self.assertTrue({T.ke, T.ke_colleague, T.successor, T.teacher} <= recipients, recipients)
		self.assertFalse(recipients & {T.ended, T.leader, T.local_admin}, recipients)
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": T.ke, "document_name": group}), "KE's bell"
		)
		self.assertFalse(self.reads_conversation(T.coordinator, group), "the old coordinator has left")
		self.assertTrue(self.reads_conversation(T.successor, group), "the new coordinator reads")

		# the same appointment again changes nothing
		self.refused(self.web(T.leader).appoint(group, T.successor, reason), "appointed twice")
		self.assertEqual(len(appointments(group)), len(rows))

	def test_r2_on_the_application_only_the_leader_appoints_and_not_themselves(self):
		application = T.application
		groups = count("Responsibility Group")
		appointee = lambda: stored("IP Application", application, "appointed_coordinator")  # noqa: E731
		ke = self.web(T.ke)
		self.refused(
			ke.set_value("IP Application", application, "appointed_coordinator", T.ke), "KE appoints itself"
		)
		self.refused(
			ke.set_value("IP Application", application, "appointed_coordinator", T.successor), "KE appoints"
		)
		self.assertIsNone(appointee())
		self.refused(
			self.web(T.leader).set_values(
				"IP Application",
				application,
				{
					"appointed_coordinator": T.leader,
					"coordinator_unit": T.school,
					"collaboration_form": "Responsibility Group",
					"status": st.APPLICATION_APPOINTED,
				},
			),
			"the leader appoints themselves on the application",
		)
		self.assertIsNone(appointee())
		self.assertEqual(count("Responsibility Group"), groups)
		self.allowed(
			self.web(T.leader).set_value("IP Application", application, "appointed_coordinator", T.successor),
			"the leader chooses a coordinator",
		)
		self.assertEqual(appointee(), T.successor)

	def test_r2_the_leader_does_not_carry_out_their_own_appointment(self):
		"""The leader named as coordinator before (data from before the rule) takes the workflow's
		«Oppnevn koordinator»: the application's own check refuses it, and no group is made."""
		groups = count("Responsibility Group")
		doc = as_json("IP Application", T.named_application)
		response = self.web(T.leader).call(
			"frappe.model.workflow.apply_workflow", doc=json.dumps(doc), action="Oppnevn koordinator"
		)
		self.refused(response, "the leader appoints themselves through the workflow")
		self.assertEqual(stored("IP Application", T.named_application, "status"), st.APPLICATION_DECIDED)
		self.assertEqual(count("Responsibility Group"), groups)


class TestNobodyGrantsThemselvesAccess(RoleAttackCase):
	"""R5: the fields that grant access name nobody who could not already read."""

	def test_r5_every_field_that_grants_access_has_a_rule(self):
		for doctype, protected in registry.PROTECTED.items():
			for field in protected.self_fields:
				if field != "owner":  # Frappe's own: set on insert, never changed (the test below)
					self.assertIn(field, grants.GRANTS.get(doctype, {}), f"{doctype}.{field}")

	def test_r5_a_person_stays_with_their_group(self):
		"""The coordinator of a proposed group swaps its person for one they registered, to read the
		consents someone else registered for that person."""
		web = self.web(T.other_coordinator)
		person = lambda: stored("Responsibility Group", T.proposed_group, "service_user")  # noqa: E731
		before = person()
		self.refused(
			web.set_value("Responsibility Group", T.proposed_group, "service_user", T.loose),
			"swap the person",
		)
		self.refused(
			web.savedocs(as_json("Responsibility Group", T.proposed_group, service_user=T.loose)), "savedocs"
		)
		self.assertEqual(person(), before)
		rows = web.get("/api/resource/Consent", filters=[["service_user", "=", T.loose]]).json().get("data")
		self.assertEqual(rows, [], "no consent of the person")

	def test_r5_a_coordinator_does_not_join_another_group(self):
		members = count("Group Member", group=T.group)
		joining = {
			"doctype": "Group Member",
			"group": T.group,
			"user": T.other_coordinator,
			"member_role": "Professional",
			"service_unit": T.school,
			"mandate_clarified": 1,
			"mandate_note": "Kan avtale tiltak.",
		}
		web = self.web(T.other_coordinator)
		self.refused(web.insert(joining), "insert a membership")
		self.refused(web.post("/api/resource/Group Member", data=json.dumps(joining)), "POST a membership")
		self.refused(
			web.set_value("Group Member", T.other_membership, "group", T.group), "move own membership"
		)
		self.refused_in_process(
			T.other_coordinator,
			lambda: frappe.get_doc(joining).insert(ignore_permissions=True),
			"a road without the permission check",
		)
		self.assertEqual(count("Group Member", group=T.group), members)
		self.assertEqual(stored("Group Member", T.other_membership, "group"), T.other_group)
		self.assertFalse(self.reads_conversation(T.other_coordinator, T.group))

	def test_r5_a_participant_does_not_make_themselves_minute_taker(self):
		web = self.web(T.teacher)
		for minutes in (T.invited, T.draft):
			self.refused(web.set_value("Meeting Minutes", minutes, "minute_taker", T.teacher), minutes)
			self.refused(
				web.savedocs(as_json("Meeting Minutes", minutes, minute_taker=T.teacher)),
				f"{minutes} savedocs",
			)

			def take(name=minutes):
				doc = frappe.get_doc("Meeting Minutes", name)
				doc.minute_taker = T.teacher
				doc.save(ignore_permissions=True)

			self.refused_in_process(T.teacher, take, f"{minutes} without the permission check")
			self.assertEqual(stored("Meeting Minutes", minutes, "minute_taker"), T.coordinator)

	def test_r5_nobody_takes_a_record_over_by_its_owner(self):
		"""The coordinator makes a person's record their own, to keep reading it after the group: Frappe
		keeps ``owner`` as it was set on insert, on every road (held here, not the app's own check)."""
		owner = lambda: stored("Service User", T.child, "owner")  # noqa: E731
		before = owner()
		web = self.web(T.coordinator)
		self.refused(web.set_values("Service User", T.child, {"owner": T.coordinator}), "set_value owner")
		self.refused(web.savedocs(as_json("Service User", T.child, owner=T.coordinator)), "savedocs owner")

		def imported():
			"""A data import: Frappe skips its own check of the fields that never change."""
			frappe.flags.in_import = True
			try:
				doc = frappe.get_doc("Service User", T.child)
				doc.owner = T.coordinator
				doc.save()
			finally:
				frappe.flags.in_import = False

		self.refused_in_process(
			T.coordinator, imported, "an import names the coordinator owner", frappe.CannotChangeConstantError
		)
		self.assertEqual(owner(), before)

	def test_r2_nobody_makes_themselves_a_units_leader(self):
		"""KE keeps the units, but leads none: a leader appoints coordinators and reads the unit's groups."""
		leader = lambda: stored("Service Unit", T.welfare, "unit_leader")  # noqa: E731
		ke = self.web(T.ke)
		self.refused(ke.set_value("Service Unit", T.welfare, "unit_leader", T.ke), "KE leads a unit")
		self.refused(ke.set_value("Service Unit", T.welfare, "unit_leader", T.ke_colleague), "not a leader")
		self.refused(
			self.web(T.leader).set_value("Service Unit", T.welfare, "unit_leader", T.leader), "a second unit"
		)
		self.assertEqual(leader(), T.other_leader)
		self.refused(ke.appoint(T.other_group, T.successor, "KE overtar"), "KE appoints")
		self.assertEqual(stored("Responsibility Group", T.other_group, "coordinator"), T.other_coordinator)
