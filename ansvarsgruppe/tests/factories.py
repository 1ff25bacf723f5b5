"""Builders for realistic test records (not a test module: no ``test_`` prefix)."""

import contextlib
import datetime
import json

import frappe
import requests
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, get_url, getdate
from frappe.utils.password import update_password

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


def unused_number_for(birth: datetime.date, lowest: int = 500) -> str:
	"""A valid fødselsnummer for ``birth`` that no Service User has yet (a reused site keeps earlier scenes)."""
	for _ in range(200):
		number = number_for(birth, lowest + int(frappe.generate_hash(length=4), 16) % (1000 - lowest))
		if not frappe.db.exists("Service User", {"national_id": number}):
			return number
	raise ValueError(f"no unused number for {birth}")


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


@contextlib.contextmanager
def unthrottled_users():
	"""Frappe refuses more new users an hour than ``throttle_user_limit``, which the modules run before may
	have used up: a suite that makes many users lifts the limit while it does."""
	conf = frappe.local.conf
	limit = conf.get("throttle_user_limit")
	conf["throttle_user_limit"] = 10**6
	try:
		yield
	finally:
		if limit is None:
			conf.pop("throttle_user_limit", None)
		else:
			conf["throttle_user_limit"] = limit


def make_login_user(first_name: str, roles=(), password: str = "", portal: bool = False) -> str:
	"""A user who logs in over HTTP with ``password``: staff with ``roles``, or (``portal``) a Website User
	of the family portal."""
	with unthrottled_users():
		if portal:
			email = f"{frappe.scrub(first_name)}.{frappe.generate_hash(length=6)}@example.no"
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": first_name,
					"user_type": "Website User",
					"send_welcome_email": 0,
					"language": "no",
				}
			).insert(ignore_permissions=True)
			user.add_roles("Family Portal User")
		else:
			email = make_user(first_name, roles)
	update_password(email, password)
	return email


def login_staff(password: str, **more) -> frappe._dict:
	"""Staff who log in over HTTP with ``password``: a coordinator and another, a member, an outsider and a
	KE, and ``more`` (key: (first name, roles))."""
	staff = {
		"coordinator": ("Kari Koordinator", ["Coordinator"]),
		"other_coordinator": ("Olav Annen", ["Coordinator"]),
		"teacher": ("Per Lærer", ["Group Participant"]),
		"outsider": ("Ute Utenfor", ["Group Participant"]),
		"ke": ("Kari KE", ["Coordinating Unit"]),
		**more,
	}
	return frappe._dict({key: make_login_user(name, roles, password) for key, (name, roles) in staff.items()})


class WebSession:
	"""A logged-in browser session of ``user`` against the served test site (``scripts/test`` serves it
	with ``bench serve`` at the site's ``host_name``)."""

	def __init__(self, user: str, password: str):
		self.user = user
		self.session = requests.Session()
		response = self.session.post(get_url("/api/method/login"), data={"usr": user, "pwd": password})
		assert response.ok, (user, response.status_code, response.text[:300])

	def get(self, path: str, **params) -> requests.Response:
		params = {
			k: json.dumps(v, default=str) if isinstance(v, list | dict) else v for k, v in params.items()
		}
		return self.session.get(get_url(path), params=params)

	def post(self, path: str, files=None, **data) -> requests.Response:
		data = {k: v if isinstance(v, str) else json.dumps(v, default=str) for k, v in data.items()}
		return self.session.post(get_url(path), data=data, files=files)

	def call(self, method: str, /, files=None, **data) -> requests.Response:
		return self.post(f"/api/method/{method}", files=files, **data)

	def set_value(self, doctype: str, name: str, fieldname, value=None) -> requests.Response:
		"""``frappe.client.set_value`` over HTTP."""
		return self.call(
			"frappe.client.set_value", doctype=doctype, name=name, fieldname=fieldname, value=value
		)


def listed(doctype: str) -> set[str]:
	"""The names the list road (row rules) gives the session user; none when no role may read the DocType."""
	try:
		return set(frappe.get_list(doctype, pluck="name", limit_page_length=0))
	except frappe.PermissionError:
		return set()


def count_queries(action) -> int:
	"""How many SQL statements ``action()`` sends to the database."""
	queries = []
	original = frappe.db.__class__.sql

	def counting(db, *args, **kwargs):
		queries.append(args[0] if args else kwargs.get("query"))
		return original(db, *args, **kwargs)

	frappe.db.__class__.sql = counting
	try:
		action()
	finally:
		frappe.db.__class__.sql = original
	return len(queries)


def delete_records(doctype: str, filters) -> None:
	"""Raw deletes of committed test records and their child rows (final records refuse ``delete_doc``
	on purpose)."""
	names = frappe.get_all(doctype, filters=filters, pluck="name")
	if not names:
		return
	for table in frappe.get_meta(doctype).get_table_fields():
		frappe.db.delete(table.options, {"parent": ("in", names), "parenttype": doctype})
	frappe.db.delete(doctype, {"name": ("in", names)})


def delete_users(users) -> None:
	users = list(users or [])
	if users:
		frappe.db.delete("Has Role", {"parent": ("in", users), "parenttype": "User"})
		frappe.db.delete("User", {"name": ("in", users)})


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
			"reviewed_with_signer": 1,
			"reviewed_by": "Administrator",
			**extra,
		}
	).insert(ignore_permissions=True)
	return advance(doc, status) if status != doc.status else doc


def consent_form(service_user: str, units, **extra) -> dict:
	"""A consent as the portal's web form (or a client) sends it: for ``service_user``, collected by the
	first of ``units`` and covering them all."""
	return {
		"doctype": "Consent",
		"service_user": service_user,
		"collecting_unit": units[0],
		"case_description": "Samarbeid om skole og helse",
		"partners": [{"service_unit": unit} for unit in units],
		**extra,
	}


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


def decided_for_appointment(application, unit, coordinator, day=None):
	"""R2: ``application`` decided for ``unit`` (saved), then ``coordinator`` of the unit set to be appointed,
	not saved: the caller saves it, as the user it tries."""
	application.reload()
	application.responsible_unit, application.decision_date = unit, day or getdate()
	application.status = st.APPLICATION_DECIDED
	application.save()
	application.reload()
	application.appointed_coordinator = coordinator
	application.coordinator_unit = unit
	application.status = st.APPLICATION_APPOINTED
	return application


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


def plan_measure(unit, responsible, **extra) -> dict:
	"""A measure for goal M1: a reading course from today for 120 days, evaluated in a conversation."""
	today = getdate()
	return {
		"goal_id": "M1",
		"description": "Lesekurs to ganger i uka",
		"responsible_unit": unit,
		"responsible_person": responsible,
		"start_date": today,
		"end_date": add_days(today, 120),
		"status": "Ongoing",
		"evaluation_form": "Conversation",
		**extra,
	}


def measured_course(unit, responsible, **extra) -> dict:
	"""``plan_measure``, in a small group at the school library, measured, next evaluated in 60 days."""
	return plan_measure(
		unit,
		responsible,
		scope="2 × 45 minutter i uka",
		implementation="I liten gruppe på skolebiblioteket",
		evaluation_form="Measurement",
		next_evaluation_date=add_days(getdate(), 60),
		**extra,
	)


def new_plan(group, goals=None, measures=(), **extra):
	"""An unsaved individual plan for ``group`` for a year from today; by default with the person's own
	goal M1 and no measure."""
	today = getdate()
	return frappe.get_doc(
		{
			"doctype": "Individual Plan",
			"group": group,
			"plan_from": today,
			"plan_to": add_days(today, 365),
			"next_revision_date": add_days(today, 180),
			"own_goals": "Jeg vil lese bøker selv.",
			"goals": goals or [{"goal": "Lese alderstilpasset tekst", "is_persons_own_goal": 1}],
			"measures": list(measures),
			**extra,
		}
	)


def make_plan(group, responsible=None, unit=None, status: str = st.PLAN_APPROVED, measures=None, **extra):
	"""An individual plan inserted as a draft and moved to ``status`` (approved by default); by default with
	one measure (``plan_measure``) for ``responsible`` of ``unit``."""
	if measures is None:
		measures = [plan_measure(unit, responsible)]
	plan = new_plan(group, measures=measures, **extra).insert(ignore_permissions=True)
	if status != plan.status:
		plan.status = status
		plan.save(ignore_permissions=True)
	return plan


def make_group(service_user, unit, coordinator, consent=None, status: str = st.GROUP_PROPOSED, **extra):
	doc = frappe.get_doc(
		{
			"doctype": "Responsibility Group",
			"service_user": service_user,
			"responsible_unit": unit,
			"coordinator": coordinator,
			"consent": consent,
			"mandate": "Samordne tjenestene rundt personen og følge opp den individuelle planen.",
			**extra,
		}
	).insert(ignore_permissions=True)
	return advance(doc, status) if status != doc.status else doc


def group_to_plan(town, *members):
	"""``town``'s group approved, with ``members`` ((user, unit) pairs), and an application for the person
	(an individual plan is made from it): (group, application)."""
	group = advance(town.group, st.GROUP_APPROVED)
	for user, unit in members:
		make_member(group.name, user, unit)
	return group, new_application(town.child).insert()


def make_closed_group(unit, coordinator, relative: str = "Liv Lukket"):
	"""A group for a new person, approved, whose closing meeting was yesterday, closed (R16)."""
	child = make_service_user(relations=[parent(relative)])
	consent = make_consent(child, [unit])
	group = make_group(child.name, unit, coordinator, consent.name, status=st.GROUP_APPROVED)
	make_minutes(group.name, "Closing", days_ago=1)
	frappe.db.set_value(
		"Responsibility Group", group.name, {"closed_date": getdate(), "closing_reason": "Mål nådd"}
	)
	return advance(frappe.get_doc("Responsibility Group", group.name), st.GROUP_CLOSED)


def add_transition(group, planned_date, responsible, **extra):
	"""R15: a planned transition (kindergarten to school) saved on ``group``; the new row."""
	group.append(
		"transitions",
		{
			"from_service": "Barnehage",
			"to_service": "Skole",
			"planned_date": planned_date,
			"responsible": responsible,
			**extra,
		},
	)
	group.save()
	return group.transitions[-1]


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
			"mandate_note": "Kan avtale tiltak innenfor enhetens budsjett." if unit else None,
			**extra,
		}
	).insert(ignore_permissions=True)
	return advance(doc, status) if status != doc.status else doc


def make_minutes(group, meeting_type: str = "Ordinary", days_ago: int = 1, **extra):
	"""Minutes of a meeting whose invitation went out; the group's first meeting comes after a held
	pre-meeting (R8), made here when the group has none."""
	if meeting_type != "Pre-meeting":
		hold_pre_meeting(group, days_ago + 7)
	return frappe.get_doc(
		{
			"doctype": "Meeting Minutes",
			"group": group,
			"meeting_type": meeting_type,
			"meeting_date": add_days(getdate(), -days_ago),
			"start_time": "10:00:00",
			"place": "Møterom Fjord, rådhuset",
			"invitation_sent_on": add_days(getdate(), -days_ago - 14),
			**extra,
		}
	).insert(ignore_permissions=True)


def hold_pre_meeting(group, days_ago: int = 8):
	"""R8: a pre-meeting held (drafted with attendance) before ``days_ago``, and the group's mandate."""
	drafted = frappe.get_all(
		"Meeting Minutes",
		filters={
			"group": group,
			"meeting_type": "Pre-meeting",
			"status": ("in", (st.MINUTES_DRAFT, *st.MINUTES_FINAL)),
		},
		pluck="name",
	)
	held = drafted and frappe.get_all(
		"Meeting Participant",
		filters={"parenttype": "Meeting Minutes", "parent": ("in", drafted), "attendance": "Present"},
		pluck="parent",
		limit=1,
	)
	if held:
		return frappe.get_doc("Meeting Minutes", held[0])
	if not frappe.db.get_value("Responsibility Group", group, "mandate"):
		frappe.db.set_value("Responsibility Group", group, "mandate", "Samordne tjenestene rundt personen.")
	minutes = all_present(make_minutes(group, "Pre-meeting", days_ago=max(days_ago, 1)))
	minutes.save(ignore_permissions=True)
	return advance(minutes, st.MINUTES_DRAFT)


def internal_unit() -> str:
	return frappe.db.get_value("Service Unit", {"agency_type": "Internal"}, "name") or make_unit()


def all_present(minutes):
	"""Every participant of the minutes present (the coordinator alone when none is listed)."""
	for participant in minutes.participants:
		participant.attendance = "Present"
	if not minutes.participants:
		minutes.append(
			"participants",
			{
				"participant_name": "Kari Koordinator",
				"service_unit": internal_unit(),
				"attendance": "Present",
			},
		)
	return minutes


def complete(minutes):
	"""Fill in every required part of R11 after the meeting."""
	all_present(minutes)
	for item in minutes.agenda:
		item.discussion = "Gjennomgått. Alle deltakere ga status."
	minutes.previous_minutes_approved = 1
	minutes.guidelines_reviewed = minutes.mandate_reviewed = int(minutes.meeting_type == "Pre-meeting")
	minutes.conclusion = "Tiltakene videreføres. Skolen følger opp lesingen."
	if minutes.meeting_type != "Closing":
		minutes.next_meeting_date = add_days(minutes.meeting_date, 42)
	if not minutes.distribution:
		minutes.append(
			"distribution", {"recipient_name": "Kari Koordinator", "email": "koordinator@example.no"}
		)
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


def conversation_scene(town: Municipality) -> frappe._dict:
	"""A group to hold a conversation in (R5): ``town``'s child with two parents reached by e-mail, the
	group approved with the teacher (school) and the nurse (health), an ended member, the school's leader
	and a KE; both parents invited to the portal by the coordinator. Returns ``group``, ``ended``,
	``leader``, ``ke``, ``parent`` and ``mother``."""
	from ansvarsgruppe.api.portal import invite

	child = town.child
	child.relations[0].email = f"forelder.{frappe.generate_hash(length=6)}@example.no"
	child.append("relations", parent("Mona Mor", email=f"mor.{frappe.generate_hash(length=6)}@example.no"))
	child.save()
	scene = frappe._dict(group=advance(town.group, st.GROUP_APPROVED).name)
	make_member(scene.group, town.teacher, town.school)
	make_member(scene.group, town.nurse, town.health)
	scene.ended = make_user("Erik Sluttet", ["Group Participant"])
	make_member(scene.group, scene.ended, town.school, status=st.MEMBER_ENDED)
	scene.leader = make_user("Lise Leder", ["Unit Leader"])
	frappe.db.set_value("Service Unit", town.school, "unit_leader", scene.leader)
	scene.ke = make_user("Kari KE", ["Coordinating Unit"])
	with as_user(town.coordinator):
		scene.parent = invite(child.name, child.relations[0].name)
		scene.mother = invite(child.name, child.relations[2].name)
	return scene


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
	with_staff = True  # False: the class makes its own people, no ``Staff``
	school_led = False  # the shared leader (``cls.leader``) leads the staff's school; ``cls.ke`` the KE
	staff = None

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		if cls.sends_email:
			ensure_outgoing_email_account()
		cls.people = people()
		cls.staff = cls.make_staff()
		if cls.school_led:
			cls.ke, cls.leader = cls.people["ke"], cls.people["leader"]
			frappe.db.set_value("Service Unit", cls.staff.school, "unit_leader", cls.leader)

	@classmethod
	def make_staff(cls) -> "Staff | None":
		"""The class's staff: by default new people and units for each class."""
		return Staff() if cls.with_staff else None

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
