"""Attack suite (archive): the archive's roads tried as real users of every role (R19, R16, R11, R18).

Archive staff read the packages and no live record; packages are downloaded only by those who may read
them; only the coordinator and the Local Administrator archive a group; only the Local Administrator
reopens a closed group; corrections are made by whoever may change the record, as a new version; the
archive's logs are written by the app alone. HTTP roads go to the site ``scripts/test`` serves.

The records are committed (the web server reads them through its own connection) and removed again when
the module ends.
"""

import frappe
from frappe.tests.utils import FrappeTestCase

from ansvarsgruppe.archive import log, package
from ansvarsgruppe.permissions.records import RULES
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_attacks_records import PASSWORD, Web, base_url

ATTEMPTS = [0]
T = frappe._dict()
# Every live record the app guards, not the archive's own packages nor the conversation's (its suite).
LIVE_DOCTYPES = tuple(
	doctype
	for doctype in RULES
	if doctype not in (package.PACKAGE_DOCTYPE, "Group Message", "Group Message Read", "Message Notice")
)
LOGS = ("Archive Package", "Group Reopening", "Record Correction")


def setUpModule():
	frappe.set_user("Administrator")
	f.ensure_outgoing_email_account()
	build(T)
	frappe.db.commit()


def tearDownModule():
	frappe.set_user("Administrator")
	frappe.db.rollback()
	groups = T.get("groups") or ["-"]
	for doctype in ("Group Member", "Meeting Minutes", "Individual Plan", *LOGS):
		f.delete_records(doctype, {"group": ("in", groups)})
	frappe.db.delete("File", {"attached_to_name": ("in", groups)})
	for doctype, name in reversed(T.get("created") or []):
		f.delete_records(doctype, {"name": name})
	f.delete_users(T.get("users"))
	frappe.db.commit()
	print(f"\nattack suite (archive): {ATTEMPTS[0]} attempts")


def keep(doc):
	T.setdefault("created", []).append((doc.doctype, doc.name))
	return doc


def closed_group(t, coordinator: str):
	group = f.make_closed_group(t.school, coordinator)
	t.setdefault("created", []).extend(
		[
			("Service User", group.service_user),
			("Consent", group.consent),
			("Responsibility Group", group.name),
		]
	)
	t.groups.append(group.name)
	return group.name


def build(t):
	t.groups = []
	staff = f.login_staff(
		PASSWORD,
		local_admin=("Lars Lokal", ["Local Administrator"]),
		archivist=("Arne Arkiv", ["Archive"]),
	)
	t.update(staff)
	t.setdefault("users", []).extend(staff.values())
	t.school = keep(frappe.get_doc("Service Unit", f.make_unit(f.unique("Skole")))).name
	child = keep(f.make_service_user(relations=[f.parent()]))
	t.child = child.name
	consent = keep(f.make_consent(child, [t.school]))
	t.consent = consent.name
	group = keep(f.make_group(t.child, t.school, t.coordinator, consent.name, status=st.GROUP_APPROVED))
	t.group = group.name
	t.groups.append(t.group)
	f.make_member(t.group, t.teacher, t.school)
	pre = f.make_minutes(t.group, "Pre-meeting", days_ago=30)
	t.approved = f.advance(f.complete(pre).save() and pre, st.MINUTES_APPROVED).name
	t.plan = f.make_plan(t.group, t.teacher, t.school, needs="Lesestøtte.").name
	t.closed = closed_group(t, t.coordinator)
	t.to_reopen = closed_group(t, t.coordinator)
	# a package of the closed group, without rendering: a small ZIP attached to it
	file = package.attach_to_group(
		t.closed, f"{package.PACKAGE_PREFIX}{t.closed.lower()}.zip", b"PK\x05\x06" + b"\x00" * 18
	)
	t.package_url = file.file_url
	t.package = log.write(
		package.PACKAGE_DOCTYPE,
		{
			"group": t.closed,
			"package_file": file.file_url,
			"trigger": package.CLOSING,
			"archived_by": "Administrator",
		},
	).name


class ArchiveAttack(FrappeTestCase):
	sessions: dict = {}

	def setUp(self):
		frappe.set_user("Administrator")
		frappe.local.message_log = []

	def tearDown(self):
		frappe.set_user("Administrator")

	def web(self, user: str) -> Web:
		if user not in ArchiveAttack.sessions:
			ArchiveAttack.sessions[user] = Web(user)
		return ArchiveAttack.sessions[user]

	def refused(self, response, what: str = ""):
		ATTEMPTS[0] += 1
		self.assertIn(
			response.status_code, (403, 404, 417), f"{what}: {response.status_code} {response.text[:300]}"
		)

	def allowed(self, response, what: str = ""):
		ATTEMPTS[0] += 1
		self.assertEqual(response.status_code, 200, f"{what}: {response.text[:500]}")
		return response

	def listed(self, user: str, doctype: str) -> list[str]:
		response = self.web(user).call(
			"frappe.client.get_list", doctype=doctype, fields=["name"], limit_page_length=0
		)
		if response.status_code == 403:  # no role may list the DocType at all
			return []
		self.assertEqual(response.status_code, 200, response.text[:300])
		return [row["name"] for row in response.json()["message"]]

	@staticmethod
	def fresh():
		frappe.db.commit()


class TestArchiveRole(ArchiveAttack):
	def test_r19_archive_staff_read_no_live_record_on_any_road(self):
		for doctype in LIVE_DOCTYPES:
			ATTEMPTS[0] += 1
			self.assertEqual(self.listed(T.archivist, doctype), [], doctype)
		for doctype, name in (
			("Responsibility Group", T.closed),
			("Responsibility Group", T.group),
			("Meeting Minutes", T.approved),
			("Individual Plan", T.plan),
			("Consent", T.consent),
			("Service User", T.child),
		):
			self.refused(
				self.web(T.archivist).get(f"/api/resource/{doctype}/{name}"), f"archivist reads {name}"
			)
			self.refused(
				self.web(T.archivist).call("frappe.client.get", doctype=doctype, name=name), f"get {name}"
			)
		# the package's own file follows the Archive Package, not the group it is attached to
		self.allowed(self.web(T.archivist).get(T.package_url), "archivist opens the package's file")

	def test_r19_archive_staff_list_and_download_packages(self):
		ATTEMPTS[0] += 1
		self.assertIn(T.package, self.listed(T.archivist, package.PACKAGE_DOCTYPE))
		response = self.allowed(
			self.web(T.archivist).get(
				"/api/method/ansvarsgruppe.api.archive.download_package", name=T.package
			)
		)
		self.assertTrue(response.content.startswith(b"PK"))

	def test_r19_packages_are_the_coordinators_and_the_local_administrators(self):
		for reader in (T.coordinator, T.local_admin):
			ATTEMPTS[0] += 1
			self.assertIn(T.package, self.listed(reader, package.PACKAGE_DOCTYPE))
			self.allowed(
				self.web(reader).get("/api/method/ansvarsgruppe.api.archive.download_package", name=T.package)
			)
		for stranger in (T.other_coordinator, T.teacher, T.outsider, T.ke):
			ATTEMPTS[0] += 1
			self.assertNotIn(T.package, self.listed(stranger, package.PACKAGE_DOCTYPE))
			self.refused(
				self.web(stranger).get(
					"/api/method/ansvarsgruppe.api.archive.download_package", name=T.package
				),
				f"{stranger} downloads a package",
			)
			self.refused(self.web(stranger).get(f"/api/resource/Archive Package/{T.package}"))

	def test_r19_only_the_coordinator_and_the_local_administrator_archive_a_group(self):
		for stranger in (T.other_coordinator, T.teacher, T.outsider, T.ke, T.archivist):
			self.refused(
				self.web(stranger).call("ansvarsgruppe.api.archive.archive_group", group=T.group),
				f"{stranger} archives",
			)
		for archiver in (T.coordinator, T.local_admin):
			self.allowed(self.web(archiver).call("ansvarsgruppe.api.archive.archive_group", group=T.group))

	def test_r19_the_archives_logs_are_written_by_the_app_alone(self):
		self.fresh()
		before = {doctype: frappe.db.count(doctype) for doctype in LOGS}
		for writer in (T.coordinator, T.local_admin, T.archivist):
			for doctype in LOGS:
				self.refused(
					self.web(writer).call(
						"frappe.client.insert",
						doc={
							"doctype": doctype,
							"group": T.group,
							"reason": "x",
							"reference_doctype": "Meeting Minutes",
							"superseded": T.approved,
							"new_version": T.approved,
						},
					),
					f"{writer} writes a {doctype}",
				)
			self.refused(
				self.web(writer).set_value(
					package.PACKAGE_DOCTYPE, T.package, "package_file", "/private/files/other.zip"
				)
			)
			self.refused(
				self.web(writer).call("frappe.client.delete", doctype=package.PACKAGE_DOCTYPE, name=T.package)
			)
		ATTEMPTS[0] += 1
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc(package.PACKAGE_DOCTYPE, T.package)  # not even the System Manager
		frappe.db.rollback()
		self.fresh()
		self.assertEqual({doctype: frappe.db.count(doctype) for doctype in LOGS}, before)
		self.assertEqual(
			frappe.db.get_value(package.PACKAGE_DOCTYPE, T.package, "package_file"), T.package_url
		)


class TestReopening(ArchiveAttack):
	def test_r16_only_the_local_administrator_reopens_a_closed_group_with_a_reason(self):
		endpoint = "ansvarsgruppe.api.archive.reopen_group"
		for stranger in (T.coordinator, T.ke, T.archivist, T.teacher, T.outsider):
			self.refused(
				self.web(stranger).call(endpoint, group=T.to_reopen, reason="Ny henvisning"), stranger
			)
		self.refused(self.web(T.local_admin).call(endpoint, group=T.to_reopen, reason="  "), "no reason")
		self.refused(self.web(T.local_admin).call(endpoint, group=T.group, reason="Åpen"), "an open group")
		self.fresh()
		self.assertEqual(frappe.db.get_value("Responsibility Group", T.to_reopen, "status"), st.GROUP_CLOSED)
		self.assertFalse(frappe.db.exists("Group Reopening", {"group": T.to_reopen}))
		self.allowed(
			self.web(T.local_admin).call(endpoint, group=T.to_reopen, reason="Ny henvisning fra fastlegen")
		)
		self.fresh()
		group = frappe.db.get_value(
			"Responsibility Group", T.to_reopen, ["status", "workflow_state"], as_dict=True
		)
		self.assertEqual(group.status, st.GROUP_ACTIVE)
		entry = frappe.get_all(
			"Group Reopening", filters={"group": T.to_reopen}, fields=["reopened_by", "reason", "reopened_on"]
		)
		self.assertEqual(len(entry), 1)
		self.assertEqual(
			(entry[0].reopened_by, entry[0].reason), (T.local_admin, "Ny henvisning fra fastlegen")
		)
		told = frappe.get_all(
			"Email Queue Recipient",
			filters={"recipient": T.coordinator, "creation": (">=", entry[0].reopened_on)},
			pluck="parent",
		)
		self.assertTrue(told, "the coordinator is told")
		# the reopening is the Local Administrator's and the group's coordinator's to read
		ATTEMPTS[0] += 1
		self.assertTrue(self.listed(T.coordinator, "Group Reopening"))
		ATTEMPTS[0] += 1
		self.assertFalse(self.listed(T.other_coordinator, "Group Reopening"))


class TestCorrections(ArchiveAttack):
	endpoint = "ansvarsgruppe.api.archive.correct"

	def test_r11_a_correction_is_a_new_version_and_the_approved_minutes_stay(self):
		self.fresh()
		conclusion = frappe.db.get_value("Meeting Minutes", T.approved, "conclusion")
		for stranger in (T.teacher, T.outsider, T.other_coordinator, T.archivist, T.local_admin):
			self.refused(
				self.web(stranger).call(
					self.endpoint, doctype="Meeting Minutes", name=T.approved, reason="Feil"
				),
				stranger,
			)
		self.refused(
			self.web(T.coordinator).call(
				self.endpoint, doctype="Meeting Minutes", name=T.approved, reason=""
			),
			"no reason",
		)
		self.refused(
			self.web(T.coordinator).call(self.endpoint, doctype="Escalation", name=T.consent, reason="Feil"),
			"not a correctable record",
		)
		self.fresh()
		self.assertFalse(frappe.db.exists("Record Correction", {"superseded": T.approved}))
		response = self.allowed(
			self.web(T.coordinator).call(
				self.endpoint, doctype="Meeting Minutes", name=T.approved, reason="Feil dato for neste møte"
			)
		)
		new = response.json()["message"]["new_version"]
		self.fresh()
		old = frappe.db.get_value("Meeting Minutes", T.approved, ["status", "conclusion"], as_dict=True)
		self.assertEqual((old.status, old.conclusion), (st.MINUTES_APPROVED, conclusion))
		self.assertEqual(frappe.db.get_value("Meeting Minutes", new, "status"), st.MINUTES_DRAFT)
		row = frappe.get_doc("Record Correction", {"superseded": T.approved})
		self.assertEqual((row.new_version, row.corrected_by), (new, T.coordinator))
		# corrected once: the old version is no longer the current one
		self.refused(
			self.web(T.coordinator).call(
				self.endpoint, doctype="Meeting Minutes", name=T.approved, reason="Igjen"
			)
		)
		# the old version stays readable to those who could read it, and so does the correction
		self.allowed(self.web(T.teacher).get(f"/api/resource/Meeting Minutes/{T.approved}"))
		ATTEMPTS[0] += 1
		self.assertIn(row.name, self.listed(T.teacher, "Record Correction"))
		ATTEMPTS[0] += 1
		self.assertNotIn(row.name, self.listed(T.outsider, "Record Correction"))

	def test_r4_a_signed_consent_is_corrected_by_a_new_version_only_by_whoever_may_change_it(self):
		self.fresh()
		consents = frappe.db.count("Consent")
		for stranger in (T.teacher, T.outsider, T.other_coordinator, T.archivist, T.local_admin):
			self.refused(
				self.web(stranger).call(self.endpoint, doctype="Consent", name=T.consent, reason="Feil"),
				stranger,
			)
		self.refused(
			self.web(T.coordinator).call(self.endpoint, doctype="Consent", name=T.consent, reason=" "),
			"no reason",
		)
		self.fresh()
		self.assertEqual(frappe.db.count("Consent"), consents)
		response = self.allowed(
			self.web(T.coordinator).call(
				self.endpoint, doctype="Consent", name=T.consent, reason="Feil beskrivelse av saken"
			)
		)
		new = response.json()["message"]["new_version"]
		keep(frappe._dict(doctype="Consent", name=new))
		self.fresh()
		self.assertEqual(
			frappe.db.get_value("Consent", new, ["status", "supersedes"]), (st.CONSENT_REGISTERED, T.consent)
		)
		self.assertEqual(frappe.db.get_value("Consent", T.consent, "status"), st.CONSENT_ACTIVE)
		# which version it supersedes is not the user's to change, on any road
		ATTEMPTS[0] += 1
		self.web(T.coordinator).call(
			"frappe.client.set_value",
			doctype="Consent",
			name=new,
			fieldname="supersedes",
			value=T.consent + "x",
		)
		ATTEMPTS[0] += 1
		self.web(T.coordinator).session.put(
			f"{base_url()}/api/resource/Consent/{new}", json={"supersedes": None}
		)
		self.refused(
			self.web(T.coordinator).session.put(
				f"{base_url()}/api/resource/Consent/{T.consent}", json={"case_description": "Omskrevet"}
			),
			"the signed consent changes",
		)
		self.fresh()
		self.assertEqual(frappe.db.get_value("Consent", new, "supersedes"), T.consent)
		# corrected once: no second new version of the same consent
		self.refused(
			self.web(T.coordinator).call(self.endpoint, doctype="Consent", name=T.consent, reason="Igjen")
		)

	def test_r18_a_corrected_plan_stays_final_as_a_closed_version(self):
		response = self.allowed(
			self.web(T.coordinator).call(
				self.endpoint, doctype="Individual Plan", name=T.plan, reason="Nytt mål"
			)
		)
		new = response.json()["message"]["new_version"]
		self.fresh()
		self.assertEqual(frappe.db.get_value("Individual Plan", T.plan, "status"), "Closed")
		self.assertEqual(frappe.db.get_value("Individual Plan", new, "status"), "Under Revision")
		for road in (
			lambda: self.web(T.coordinator).set_value("Individual Plan", T.plan, "needs", "Nytt"),
			lambda: self.web(T.coordinator).session.put(
				f"{base_url()}/api/resource/Individual Plan/{T.plan}", json={"own_goals": "Omskrevet"}
			),
			lambda: self.web(T.coordinator).set_value("Individual Plan", T.plan, "status", "Approved"),
			lambda: self.web(T.teacher).call(
				"run_doc_method",
				dt="Individual Plan",
				dn=T.plan,
				method="update_my_measure",
				args='{"measure_id": "T1", "status": "Done"}',
			),
		):
			self.refused(road(), "the superseded plan changes")
		self.fresh()
		old = frappe.db.get_value("Individual Plan", T.plan, ["needs", "own_goals", "status"], as_dict=True)
		self.assertEqual(
			(old.needs, old.own_goals, old.status), ("Lesestøtte.", "Jeg vil lese bøker selv.", "Closed")
		)

	def test_r16_a_closed_groups_records_are_not_corrected_and_the_group_stays_closed(self):
		from frappe.model.workflow import get_transitions

		self.fresh()
		ATTEMPTS[0] += 1
		self.assertEqual(get_transitions(frappe.get_doc("Responsibility Group", T.closed)), [])
		for road in (
			lambda: self.web(T.coordinator).call(
				"frappe.model.workflow.apply_workflow",
				doc=frappe.get_doc("Responsibility Group", T.closed).as_json(),
				action="Aktiver",
			),
			lambda: self.web(T.coordinator).session.put(
				f"{base_url()}/api/resource/Responsibility Group/{T.closed}", json={"status": st.GROUP_ACTIVE}
			),
			lambda: self.web(T.coordinator).set_value(
				"Responsibility Group", T.closed, "closing_reason", "Annet"
			),
		):
			self.refused(road(), "a closed group changes")
		self.fresh()
		self.assertEqual(frappe.db.get_value("Responsibility Group", T.closed, "status"), st.GROUP_CLOSED)
