"""A plan without a group: 000 "Innvilgelse av koordinator kan utløse ansvarsgruppe som samarbeidsform", so a
person may get a coordinator under another form of collaboration ("annen samarbeidsform") and still want an
individual plan. The plan rests on the person, the coordinator appointed through their application (R2,
R18) and the person's consent in force (R4). Tried through the controller, over HTTP as users of every kind
(rows counted), in the family's portal and in the daily alerts."""

import io
import json
import zipfile

import frappe
from frappe.utils import add_days, getdate
from frappe.utils.background_jobs import get_job
from frappe.utils.password import update_password
from lxml import etree

from ansvarsgruppe.archive import log, package
from ansvarsgruppe.controllers.workflow_status import set_status
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tasks.plans import send_daily_plan_alerts
from ansvarsgruppe.tests import factories as f
from ansvarsgruppe.tests.test_alerts import AlertTestCase
from ansvarsgruppe.tests.test_archive import NS, SCHEMAS
from ansvarsgruppe.tests.test_attacks_roads import PASSWORD, RoadsTestCase, count

OWN_GOAL = "Jeg vil sykle til skolen selv."


def other_collaboration(person, unit, coordinator) -> str:
	"""An application decided for ``unit``, its coordinator appointed for another form of collaboration than
	a group (no group is made)."""
	application = f.new_application(
		person,
		collaboration_form="Other Collaboration",
		collaboration_reason="Helsestasjonen følger opp tett; en ansvarsgruppe trengs ikke.",
	).insert(ignore_permissions=True)
	f.decided_for_appointment(application, unit, coordinator).save()
	return application.name


def plan_without_group(application: str, responsible: str, unit: str, **extra):
	"""An unsaved plan resting on ``application``, with the person's own goal and one measure."""
	today = getdate()
	return frappe.get_doc(
		{
			"doctype": "Individual Plan",
			"ip_application": application,
			"plan_from": add_days(today, -30),
			"plan_to": add_days(today, 335),
			"next_revision_date": add_days(today, 100),
			"own_goals": OWN_GOAL,
			"goals": [{"goal": "Sykle trygt til skolen", "is_persons_own_goal": 1}],
			"measures": [
				f.plan_measure(
					unit, responsible, start_date=add_days(today, -30), end_date=add_days(today, 10)
				)
			],
			**extra,
		}
	)


def plan_scene(cls):
	"""On ``cls``: a person whose coordinator was appointed for another form of collaboration, their plan
	without a group, their parent in the portal and the unit's leader, all committed."""
	cls.leader = f.make_user("Lars Leder", ["Unit Leader"])
	cls.solo = f.make_user("Siv Solo", ["Coordinator"])
	unit = cls.unit = f.make_unit(f.unique("Helsestasjon"), leader=cls.leader)
	person = cls.person = f.make_service_user(relations=[f.parent("Siri Samarbeid")])
	f.make_consent(person, [unit])
	cls.application = other_collaboration(person, unit, cls.solo)
	with f.as_user(cls.solo):
		cls.plan = plan_without_group(cls.application, cls.solo, unit).insert().name
	# the person's parent in the portal (invited by KE: there is no group coordinator to invite them)
	cls.family = f.make_login_user("Siri Samarbeid", password=PASSWORD, portal=True)
	frappe.db.set_value("Service User Relation", person.relations[0].name, "portal_user", cls.family)
	for user in (cls.leader, cls.solo):
		update_password(user, PASSWORD)
	frappe.db.commit()


class TestPlanWithoutGroupRoads(RoadsTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		plan_scene(cls)

	def test_r18_annen_samarbeidsform_coordinator_without_a_group_makes_the_plan(self):
		plan = frappe.get_doc("Individual Plan", self.plan)
		self.assertFalse(plan.group)
		self.assertEqual((plan.service_user, plan.coordinator), (self.person.name, self.solo))
		self.assertTrue(plan.consent, "the person's consent in force")
		self.assertEqual(
			frappe.db.get_value("IP Application", self.application, "responsibility_group"), None
		)

		plans = frappe.db.count("Individual Plan")
		# another coordinator cannot start a plan on this person's application (R2) ...
		with self.set_user(self.other_coordinator), self.assertRaises(frappe.PermissionError):
			plan_without_group(self.application, self.other_coordinator, self.unit).insert()
		# ... nor can anyone make one with no application, or on an application that made a group (R18)
		self.assertRefused("R18", lambda: plan_without_group(None, self.solo, self.unit).insert())
		person = f.make_service_user(relations=[f.parent("Gro Gruppe")])
		f.make_consent(person, [self.unit])
		with_group = other_collaboration(person, self.unit, self.solo)
		frappe.db.set_value("IP Application", with_group, "responsibility_group", self.other_group)
		self.assertRefused("R18", lambda: plan_without_group(with_group, self.solo, self.unit).insert())
		self.assertEqual(frappe.db.count("Individual Plan"), plans)

	def test_r4_annen_samarbeidsform_plan_needs_the_persons_consent_in_force(self):
		person = f.make_service_user(relations=[f.parent("Nils Nei")])
		application = other_collaboration(person, self.unit, self.solo)
		plans = frappe.db.count("Individual Plan")
		with self.set_user(self.solo):
			self.assertRefused("R4", lambda: plan_without_group(application, self.solo, self.unit).insert())
		self.assertEqual(frappe.db.count("Individual Plan"), plans)

	def intruders(self) -> dict[str, str]:
		return {
			"coordinator of another person": self.other_coordinator,
			"coordinator of an unrelated group": self.town.coordinator,
			"participant of an unrelated group": self.town.teacher,
			"ended member elsewhere": self.ended,
			"unit leader": self.leader,
			"parent of another person": self.other_parent,
			"parent of the town's child": self.parent,
		}

	def test_r5_annen_samarbeidsform_plan_read_and_changed_by_its_coordinator_only(self):
		set_status(frappe.get_doc("Individual Plan", self.plan), st.PLAN_DRAFT)
		frappe.db.commit()
		for who, user in self.intruders().items():
			client = self.client(user)
			response = client.method(
				"frappe.desk.form.load.getdoc", doctype="Individual Plan", name=self.plan
			)
			self.assertFalse(response.ok, f"{who} read the plan")
			self.assertNotIn(self.plan, {r["name"] for r in client.rows("Individual Plan")}, who)
			self.assertNotIn(OWN_GOAL, client.get("/individuell-plan").text, who)
			if who != "unit leader":  # the leader of the application's unit reads whom it is for (R2)
				person = client.method(
					"frappe.desk.form.load.getdoc", doctype="Service User", name=self.person.name
				)
				self.assertFalse(person.ok, f"{who} read the person")
		person = self.client(self.solo).method(
			"frappe.desk.form.load.getdoc", doctype="Service User", name=self.person.name
		)
		self.assertTrue(person.ok, "the coordinator without a group reads the person they coordinate for")
		# its coordinator and KE (the overview of coordinators, R17) read it
		for who, user in {"its coordinator": self.solo, "KE": self.ke}.items():
			client = self.client(user)
			response = client.method(
				"frappe.desk.form.load.getdoc", doctype="Individual Plan", name=self.plan
			)
			self.assertTrue(response.ok, f"{who}: {response.text[:200]}")
			self.assertIn(self.plan, {r["name"] for r in client.rows("Individual Plan")}, who)

		plans, before = count("Individual Plan"), self.stored_plan()
		for who, user in {**self.intruders(), "KE": self.ke}.items():
			client = self.client(user)
			frappe.db.rollback()
			doc = frappe.get_doc("Individual Plan", self.plan)
			doc.own_goals = f"Endret av {who}"
			saved = client.call("frappe.desk.form.save.savedocs", doc=doc.as_json(), action="Save")
			self.assertFalse(saved.ok, f"{who} changed the plan")
			self.assertFalse(client.set_value("Individual Plan", self.plan, "own_goals", "Endret").ok, who)
			new = plan_without_group(self.application, user, self.unit).as_dict()
			made = client.call("frappe.client.insert", doc=json.dumps(new, default=str))
			self.assertFalse(made.ok, f"{who} made a plan on the person's application")
		self.assertEqual((count("Individual Plan"), self.stored_plan()), (plans, before))

		frappe.db.rollback()
		doc = frappe.get_doc("Individual Plan", self.plan)
		doc.resources = "Glad i sykkel og friluft."
		saved = self.client(self.solo).call(
			"frappe.desk.form.save.savedocs", doc=doc.as_json(), action="Save"
		)
		self.assertTrue(saved.ok, saved.text[:300])
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.get_value("Individual Plan", self.plan, "resources"), "Glad i sykkel og friluft."
		)

	def stored_plan(self) -> tuple:
		frappe.db.rollback()
		return tuple(frappe.db.get_value("Individual Plan", self.plan, ["own_goals", "modified", "group"]))

	def test_r24_annen_samarbeidsform_family_sees_the_approved_plan_in_the_portal(self):
		set_status(frappe.get_doc("Individual Plan", self.plan), st.PLAN_DRAFT)
		frappe.db.commit()
		family = self.client(self.family)
		draft = family.get("/individuell-plan").text
		# a draft reaches the portal only as a draft to take part in (R24), never as the plan in force
		self.assertIn("plan-draft", draft)
		plan = frappe.get_doc("Individual Plan", self.plan)
		plan.status = st.PLAN_APPROVED
		plan.save(ignore_permissions=True)
		frappe.db.commit()
		page = family.get("/individuell-plan")
		self.assertTrue(page.ok, page.status_code)
		self.assertIn(OWN_GOAL, page.text)
		self.assertNotIn("plan-draft", page.text)
		for who, user in {"parent of another person": self.other_parent, "parent": self.parent}.items():
			self.assertNotIn(OWN_GOAL, self.client(user).get("/individuell-plan").text, who)
		# nor the plan's PDF for another family
		response = self.client(self.other_parent).method(
			"frappe.utils.print_format.download_pdf", doctype="Individual Plan", name=self.plan
		)
		self.assertFalse(
			response.ok and response.headers.get("Content-Type", "").startswith("application/pdf")
		)


def run_queued_plan_archiving(plan: str) -> str:
	"""The queued archiving of ``plan`` (commit-time callbacks run as on commit), run here and committed."""
	frappe.db.after_commit.run()
	job = get_job(f"ansvarsgruppe-archive-plan::{plan}")
	if job is None:
		raise AssertionError("no archiving of the plan was queued")
	try:
		name = package.make_plan_package(**job.kwargs["kwargs"])
	finally:
		job.delete()
	frappe.db.commit()
	return name


ARCHIVE_PLAN = "ansvarsgruppe.api.archive.archive_plan"
DOWNLOAD = "ansvarsgruppe.api.archive.download_package"


class TestPlanWithoutGroupArchive(RoadsTestCase):
	"""R19: a plan without a group is archived on its own: the person's folder (mappe) with the application,
	the consents and the plan's approved and closed versions, made by its coordinator and when the plan
	ends, read by its coordinator and the Archive staff."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		plan_scene(cls)
		cls.archivist = f.make_user("Arne Arkiv", ["Archive"])
		update_password(cls.archivist, PASSWORD)
		# the family's comment on the draft, answered by the coordinator
		comment = frappe.get_doc(
			{"doctype": "Plan Proposal", "plan": cls.plan, "kind": "Comment", "text": "Kan vi sykle sammen?"}
		)
		comment.proposed_by = cls.family
		comment.insert(ignore_permissions=True)
		comment.db_set({"status": "Answered", "answer": "Ja.", "answered_by": cls.solo})
		plan = frappe.get_doc("Individual Plan", cls.plan)
		plan.status = st.PLAN_APPROVED
		plan.save(ignore_permissions=True)
		cls.package = package.make_plan_package(cls.plan)
		cls.package_url = frappe.db.get_value("Archive Package", cls.package, "package_file")
		frappe.db.commit()

	def intruders(self) -> dict[str, str]:
		return {
			"coordinator of another person": self.other_coordinator,
			"participant of an unrelated group": self.town.teacher,
			"another family": self.other_parent,
			"the person's family": self.family,
			"unit leader": self.leader,
			"KE": self.ke,
		}

	def test_r19_annen_samarbeidsform_package_holds_the_persons_folder_valid_noark5(self):
		record = frappe.get_doc("Archive Package", self.package)
		self.assertEqual((record.individual_plan, record.group), (self.plan, None))
		file = frappe.get_doc("File", {"file_url": self.package_url})
		self.assertEqual(
			(file.attached_to_doctype, file.attached_to_name, file.is_private),
			(
				"Individual Plan",
				self.plan,
				1,
			),
		)
		with zipfile.ZipFile(io.BytesIO(file.get_content())) as zipped:
			xml = {
				name: etree.fromstring(zipped.read(name))
				for name in ("arkivstruktur.xml", "endringslogg.xml", "addml.xml")
			}
		for name, document in xml.items():
			schema = etree.XMLSchema(etree.parse(str(SCHEMAS / name.replace(".xml", ".xsd"))))
			self.assertTrue(schema.validate(document), f"{name}: {schema.error_log}")
		root = xml["arkivstruktur.xml"]
		self.assertTrue(root.findtext(".//n5:mappe/n5:tittel", namespaces=NS).startswith("Individuell plan"))
		self.assertEqual(
			root.findtext(".//n5:mappe/n5:part/n5:partNavn", namespaces=NS), self.person.full_name
		)
		titles = [e.findtext("n5:tittel", namespaces=NS) for e in root.iterfind(".//n5:registrering", NS)]
		self.assertIn(f"Individuell plan {self.plan}", titles)
		self.assertEqual(sum(t.startswith("Søknad") for t in titles), 1)
		self.assertTrue(any(t.startswith("Samtykkeerklæring") for t in titles))
		self.assertEqual(sum(t.startswith("Forslag til individuell plan") for t in titles), 1)

	def test_r19_annen_samarbeidsform_plan_archived_by_its_coordinator_and_when_it_ends(self):
		packages, files = count("Archive Package"), count("File")
		for who, user in self.intruders().items():
			response = self.client(user).call(ARCHIVE_PLAN, plan=self.plan)
			self.assertFalse(response.ok, f"{who} archived the plan")
		self.assertIsNone(get_job(f"ansvarsgruppe-archive-plan::{self.plan}"))
		self.assertEqual((count("Archive Package"), count("File")), (packages, files))

		response = self.client(self.solo).call(ARCHIVE_PLAN, plan=self.plan)
		self.assertTrue(response.ok, response.text[:300])
		manual = run_queued_plan_archiving(self.plan)
		self.assertEqual(frappe.db.get_value("Archive Package", manual, "trigger"), package.MANUAL)

		# the plan ends: it is archived as a group that closes
		with f.as_user(self.solo):
			plan = frappe.get_doc("Individual Plan", self.plan)
			plan.status = st.PLAN_CLOSED
			plan.save()
		closing = run_queued_plan_archiving(self.plan)
		self.assertEqual(
			frappe.db.get_value("Archive Package", closing, ["individual_plan", "trigger"]),
			(self.plan, package.PLAN_CLOSING),
		)
		self.assertEqual(count("Archive Package"), packages + 2)

	def test_r19_annen_samarbeidsform_package_read_by_its_coordinator_and_archive_staff_only(self):
		for who, user in self.intruders().items():
			client = self.client(user)
			self.assertNotIn(self.package, {r["name"] for r in client.rows("Archive Package")}, who)
			response = client.method(
				"frappe.desk.form.load.getdoc", doctype="Archive Package", name=self.package
			)
			self.assertFalse(response.ok, f"{who} read the package")
			download = client.method(DOWNLOAD, name=self.package)
			self.assertFalse(download.ok and download.content.startswith(b"PK"), f"{who} downloaded it")
			opened = client.get(self.package_url)
			self.assertFalse(opened.ok and opened.content.startswith(b"PK"), f"{who} opened its file")
		for who, user in {"its coordinator": self.solo, "Archive staff": self.archivist}.items():
			client = self.client(user)
			self.assertIn(self.package, {r["name"] for r in client.rows("Archive Package")}, who)
			download = client.method(DOWNLOAD, name=self.package)
			self.assertTrue(
				download.ok and download.content.startswith(b"PK"), f"{who}: {download.status_code}"
			)

	def test_r19_annen_samarbeidsform_package_is_a_groups_or_a_plans(self):
		packages = count("Archive Package")
		group = frappe.db.get_value("Responsibility Group", {}, "name")
		for values in ({"group": group, "individual_plan": self.plan}, {}):
			with self.assertRaises(frappe.ValidationError):
				log.write("Archive Package", {"trigger": package.MANUAL, **values})
		frappe.db.rollback()
		self.assertEqual(count("Archive Package"), packages)


class TestPlanWithoutGroupAlerts(AlertTestCase):
	def test_r18_annen_samarbeidsform_plan_alerts_go_to_its_coordinator(self):
		solo = f.make_user("Siv Solo", ["Coordinator"])
		person = f.make_service_user(relations=[f.parent("Siri Samarbeid")])
		f.make_consent(person, [self.staff.health])
		application = other_collaboration(person, self.staff.health, solo)
		with f.as_user(solo):
			plan = plan_without_group(application, self.staff.nurse, self.staff.health).insert()
			plan.status, plan.no_agreement_reason = (
				st.PLAN_APPROVED,
				"Personen ville ta stilling til planen senere.",
			)
			plan.save()
		end = add_days(self.today, 10)
		with self.on(add_days(end, 1)):
			send_daily_plan_alerts()
		self.assert_sent_once(plan.name, "over sluttdato", {self.staff.nurse, solo}, text=())
		revision = add_days(self.today, 100)
		self.assert_first_sent_on(
			add_days(revision, -30),
			"skal revideres",
			plan.name,
			"skal revideres om 30 dager",
			{solo, self.staff.nurse},
		)
