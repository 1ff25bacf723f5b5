"""Builders for realistic test records (not a test module: no ``test_`` prefix)."""

import contextlib
import datetime

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate

from ansvarsgruppe import exceptions
from ansvarsgruppe.demo import ensure_system_manager
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.tests import idnumbers


def unique(prefix: str) -> str:
	return f"{prefix} {frappe.generate_hash(length=6)}"


def number_for(birth: datetime.date, individual: int = 1) -> str:
	"""A valid fødselsnummer for ``birth`` (check digits computed in the tests, independent of the app)."""
	if birth.year >= 2000:
		individual = max(individual, 500)
	return idnumbers.make(f"{birth:%d%m%y}", individual)


def make_user(first_name: str, roles=(), email: str | None = None) -> str:
	ensure_system_manager("systemansvarlig@example.no")  # or Frappe makes this user one
	local = frappe.scrub(first_name).translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a"}))
	email = email or f"{local}.{frappe.generate_hash(length=6)}@example.no"
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"send_welcome_email": 0,
				"language": "no",
			}
		)
		user.append_roles(*roles)
		user.insert(ignore_permissions=True)
	return email


def make_unit(name: str | None = None, leader: str | None = None) -> str:
	unit = frappe.get_doc(
		{"doctype": "Service Unit", "unit_name": name or unique("Enhet"), "unit_leader": leader}
	).insert(ignore_permissions=True)
	return unit.name


def make_service_user(
	name: str | None = None, age_years: int = 10, relations=(), national_id: str | None = None
):
	birth = add_days(getdate(), -int(age_years * 365.25) - 30)
	return frappe.get_doc(
		{
			"doctype": "Service User",
			"full_name": name or unique("Kari Nordmann"),
			"birth_date": birth,
			"national_id": national_id,
			"relations": list(relations),
		}
	).insert(ignore_permissions=True)


def parent(name: str = "Ola Forelder", responsibility: int = 1, **extra) -> dict:
	return {
		"full_name": name,
		"relation_type": "Parent",
		"has_parental_responsibility": responsibility,
		**extra,
	}


def guardian(name: str = "Vera Verge", **extra) -> dict:
	return {"full_name": name, "relation_type": "Guardian", "is_guardian": 1, **extra}


def make_consent(service_user, units, status: str = st.CONSENT_ACTIVE, signer=None, **extra):
	"""A consent signed by the first parent (or the user, for an adult) and received by an employee."""
	service_user = (
		frappe.get_doc("Service User", service_user) if isinstance(service_user, str) else service_user
	)
	kind, relation = signer or _default_signer(service_user)
	doc = frappe.get_doc(
		{
			"doctype": "Consent",
			"service_user": service_user.name,
			"collecting_unit": units[0],
			"case_description": "Samordning av helse-, skole- og avlastningstjenester",
			"partners": [{"service_unit": unit} for unit in units],
			"valid_from": add_days(getdate(), -10),
			"signed_by_kind": kind,
			"signed_by_relation": relation,
			"signed_date": add_days(getdate(), -10),
			"received_by": "Administrator",
			**extra,
		}
	).insert(ignore_permissions=True)
	return advance(doc, status) if status != doc.status else doc


def _default_signer(service_user):
	for relation in service_user.relations:
		if relation.has_parental_responsibility or relation.is_guardian:
			return "Relation", relation.name
	return "Service User", None


def new_application(service_user, kind: str = "Relation", relation: str | None = None, **extra):
	"""An unsaved IP Application; by default from the service user's first relation (a parent)."""
	if kind == "Relation" and relation is None:
		relation = service_user.relations[0].name
	return frappe.get_doc(
		{
			"doctype": "IP Application",
			"service_user": service_user.name,
			"applicant_kind": kind,
			"applicant_relation": relation,
			"applied_for": "Both",
			"needs_description": "Trenger samordnet oppfølging mellom skole, helsestasjon og avlastning.",
			**extra,
		}
	)


def plan_period_and_story(**extra) -> dict:
	"""The period and the narrative parts of an individual plan for a child who is learning to read."""
	today = getdate()
	return {
		"plan_from": today,
		"plan_to": add_days(today, 365),
		"next_revision_date": add_days(today, 180),
		"own_goals": "Jeg vil lese bøker selv og ha venner på skolen.",
		"resources": "Glad i musikk, god støtte hjemme.",
		"needs": "Lesestøtte og avlastning.",
		"person_contribution": "Lese 15 minutter hver dag.",
		"services_contribution": "Skolen gir spesialundervisning; helsestasjonen følger opp.",
		"family_contribution": "Foreldrene leser med barnet om kvelden.",
		"collaboration": "Samarbeid med PPT om sakkyndig vurdering.",
		**extra,
	}


def make_group(service_user, unit, coordinator, consent=None, status: str = st.GROUP_PROPOSED, **extra):
	doc = frappe.get_doc(
		{
			"doctype": "Responsibility Group",
			"service_user": service_user,
			"responsible_unit": unit,
			"coordinator": coordinator,
			"consent": consent,
			**extra,
		}
	).insert(ignore_permissions=True)
	return advance(doc, status) if status != doc.status else doc


def make_member(
	group, user=None, unit=None, role: str = "Professional", status: str = st.MEMBER_ACTIVE, **extra
):
	doc = frappe.get_doc(
		{
			"doctype": "Group Member",
			"group": group,
			"user": user,
			"service_unit": unit,
			"member_role": role,
			"mandate_clarified": 1,
			**extra,
		}
	).insert(ignore_permissions=True)
	return advance(doc, status) if status != doc.status else doc


def make_minutes(group, meeting_type: str = "Ordinary", days_ago: int = 1, **extra):
	return frappe.get_doc(
		{
			"doctype": "Meeting Minutes",
			"group": group,
			"meeting_type": meeting_type,
			"meeting_date": add_days(getdate(), -days_ago),
			"start_time": "10:00:00",
			"place": "Møterom Fjord, rådhuset",
			**extra,
		}
	).insert(ignore_permissions=True)


def complete(minutes):
	"""Fill in every required part of R11 after the meeting."""
	for participant in minutes.participants:
		participant.attendance = "Present"
	if not minutes.participants:
		minutes.append("participants", {"participant_name": "Kari Koordinator", "attendance": "Present"})
	for item in minutes.agenda:
		item.discussion = "Gjennomgått. Alle deltakere ga status."
	minutes.previous_minutes_approved = 1
	minutes.conclusion = "Tiltakene videreføres. Skolen følger opp leseopplæringen."
	if minutes.meeting_type != "Closing":
		minutes.next_meeting_date = add_days(minutes.meeting_date, 42)
	if not minutes.distribution:
		minutes.append("distribution", {"recipient_name": "Alle faste medlemmer"})
	return minutes


class Staff:
	"""The people and units of a small municipality: made once per test class (users are slow to create)."""

	def __init__(self):
		self.coordinator = make_user("Kari Koordinator", ["Coordinator"])
		self.teacher = make_user("Per Lærer", ["Group Participant"])
		self.nurse = make_user("Sina Helsesykepleier", ["Group Participant"])
		self.outsider = make_user("Ute Utenfor", ["Group Participant"])
		self.school = make_unit(unique("Skole"))
		self.health = make_unit(unique("Helsestasjon"))
		self.welfare = make_unit(unique("Barnevern"))


class Municipality:
	"""The staff, plus a child with a parent, a consent covering school and health, and a proposed group."""

	def __init__(self, staff: Staff | None = None):
		self.__dict__.update(vars(staff or Staff()))
		self.child = make_service_user(age_years=10, relations=[parent(), parent("Anne Uten Ansvar", 0)])
		self.consent = make_consent(self.child, [self.school, self.health])
		self.group = make_group(self.child.name, self.school, self.coordinator, self.consent.name)


def advance(doc, status: str):
	"""Move ``doc`` through its workflow, one ``apply_workflow`` action at a time, to the state that
	sets ``status``; the path is found in the workflow as configured, whatever its states are called."""
	from frappe.model.workflow import apply_workflow, get_workflow_name

	workflow = frappe.get_cached_doc("Workflow", get_workflow_name(doc.doctype))
	targets = {s.state for s in workflow.states if s.update_value == status}
	start = doc.get(workflow.workflow_state_field)
	paths, queue = {start: []}, [start]
	while queue:
		state = queue.pop(0)
		for t in workflow.transitions:
			if t.state == state and t.next_state not in paths:
				paths[t.next_state] = [*paths[state], t.action]
				queue.append(t.next_state)
	target = next((s for s in paths if s in targets), None)
	if target is None:
		raise ValueError(f"no path from {start} to a state with status {status}")
	for action in paths[target]:
		doc = apply_workflow(doc, action)
	return doc


def ensure_outgoing_email_account() -> str:
	"""An outgoing account so that e-mail lands in the Email Queue (never sent: tests don't flush it)."""
	name = "Ansvarsgruppe test"
	if not frappe.db.exists("Email Account", name):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": name,
				"email_id": "ansvarsgruppe@example.no",
				"smtp_server": "smtp.example.no",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
	return name


@contextlib.contextmanager
def as_user(user: str):
	"""Act as ``user`` where no test instance is at hand (class and module set-up); tests use
	``self.set_user``."""
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user(previous)


_PEOPLE: dict = {}


def people() -> dict:
	"""Staff of every role, made once per test run and committed (Frappe is slow to create users): a
	``Staff``, a KE user, the school's leader, another unit leader and another coordinator."""
	if not _PEOPLE:
		staff = Staff()
		leader = make_user("Lise Leder", ["Unit Leader"])
		frappe.db.set_value("Service Unit", staff.school, "unit_leader", leader)
		_PEOPLE.update(
			staff=staff,
			ke=make_user("Kari KE", ["Coordinating Unit"]),
			leader=leader,
			other_leader=make_user("Leif Leder", ["Unit Leader"]),
			other_coordinator=make_user("Kåre Koordinator", ["Coordinator"]),
		)
		frappe.db.commit()
	return _PEOPLE


def approve_group(group):
	group.reload()
	group.status = st.GROUP_APPROVED
	group.save()
	return group


def approve_minutes(minutes):
	"""Save the minutes as a draft (written after the meeting), then approve them."""
	if minutes.status == st.MINUTES_INVITED:
		minutes.status = st.MINUTES_DRAFT
		minutes.save()
	minutes.status = st.MINUTES_APPROVED
	minutes.save()
	return minutes


class MunicipalityTestCase(FrappeTestCase):
	"""The base of the app's integration tests: staff made once per class (``Staff``); each test starts as
	Administrator, in Norwegian, with no messages, and with a fresh ``Municipality`` when ``with_town``."""

	sends_email = False  # the class needs an outgoing e-mail account
	with_town = False  # each test gets ``self.town``: a child, a consent and a proposed group
	language = "no"  # each test runs in this language (None: leave the site's)
	staff = None

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		if cls.sends_email:
			ensure_outgoing_email_account()
		cls.people = people()
		cls.staff = cls.make_staff()

	@classmethod
	def make_staff(cls) -> "Staff | None":
		"""The class's staff: by default new people and units for each class."""
		return Staff()

	def setUp(self):
		frappe.set_user("Administrator")
		if self.language:
			frappe.local.lang = self.language
		frappe.local.message_log = []
		if self.with_town:
			self.town = Municipality(self.staff)

	def tearDown(self):
		frappe.set_user("Administrator")
		if self.language:
			frappe.local.lang = "en"

	def assertRefused(self, expected, action, doctype: str | None = None):
		"""``action`` is refused and writes no ``doctype`` row. ``expected`` is a rule code (``"R8"``: the
		error is of that rule's family and names the rule) or an exception class."""
		before = frappe.db.count(doctype) if doctype else None
		error = exceptions.RULE_FAMILIES[expected] if isinstance(expected, str) else expected
		with self.assertRaises(error) as caught:
			action()
		if isinstance(expected, str):
			self.assertIn(expected, caught.exception.rules, f"refused for another rule: {caught.exception}")
		if doctype:
			self.assertEqual(frappe.db.count(doctype), before, f"a refused {doctype} was written")
		frappe.local.message_log = []
		return caught.exception
