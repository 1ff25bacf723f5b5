"""Demo data: a believable Norwegian municipality with responsibility groups in every state.

	bench --site SITE execute ansvarsgruppe.demo.create --kwargs "{'groups': 20, 'password': '...'}"

One generator, :class:`Case`, decides every value of one case: the person (synthetic identity number,
family), the consent, the IP application, the group, its members and the minutes of its meetings. The
values are then written in one of two ways:

* through the controllers (:func:`write_validated`): each document is inserted in the first status of
  its life cycle and moved one step at a time to its status, in the order a municipality works, so every
  rule is checked on the way. The first ``validated`` cases of a run go this way (a small demo entirely).
* in bulk (:class:`BulkWriter`): the same values, including the fields the controllers would fill in
  (names, fetched names, due dates, previous minutes, review dates), computed with the same rules and
  written as rows. This is what lets ``create(groups=10000)`` finish in minutes; ``tests/test_demo.py``
  saves bulk-written documents through the controllers to prove that they pass and keep their values.

``groups`` is the number of demo groups wanted in total: a second run adds only what is missing.
"""

import datetime
import random
import secrets
from collections import defaultdict, deque

import frappe
from frappe.model.naming import parse_naming_series
from frappe.model.workflow import get_workflow_name
from frappe.utils import cint, getdate, now_datetime
from frappe.utils.password import update_password

from ansvarsgruppe.portal import ensure_portal_user
from ansvarsgruppe.rules import applications, national_id, representation
from ansvarsgruppe.rules import groups as group_rules
from ansvarsgruppe.rules import members as member_rules
from ansvarsgruppe.rules import minutes as minutes_rules
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.dates import add_months, is_minor

DEMO_DOMAIN = "demo.ansvarsgruppe.invalid"  # a reserved top-level domain: no e-mail can reach anyone
MUNICIPALITY = "Fjordvik kommune"
SETTINGS = "Ansvarsgruppe Settings"
VALIDATED_CASES = 24  # a demo of 20 groups goes entirely through the controllers
BULK_BATCH = 500

KE, UNIT_LEADER, COORDINATOR, PARTICIPANT = (
	"Coordinating Unit",
	"Unit Leader",
	"Coordinator",
	"Group Participant",
)

# Unit, agency type, leader, coordinator (units that take the coordinator role) and the staff who sit in
# groups. Every person is (name, job title).
UNITS = (
	(
		"Helsestasjon Sentrum",
		"Internal",
		("Randi Haugen", "Enhetsleder"),
		("Silje Nordahl", "Helsesykepleier"),
		(("Mona Eriksen", "Helsesykepleier"),),
	),
	(
		"Bjørkelund skole",
		"Internal",
		("Geir Solberg", "Rektor"),
		("Ingrid Bakken", "Spesialpedagog"),
		(("Per Lien", "Kontaktlærer"), ("Hilde Moe", "Sosiallærer")),
	),
	(
		"Hjemmetjenesten Nord",
		"Internal",
		("Tone Myhre", "Enhetsleder"),
		("Lars Kristiansen", "Sykepleier"),
		(("Fatima Ali", "Helsefagarbeider"),),
	),
	(
		"Barneverntjenesten",
		"Internal",
		("Knut Halvorsen", "Barnevernleder"),
		("Camilla Strand", "Barnevernspedagog"),
		(("Jonas Berge", "Saksbehandler"),),
	),
	(
		"Fastlegekontoret Torget",
		"Internal",
		("Anders Lunde", "Medisinsk ansvarlig lege"),
		None,
		(("Marianne Holm", "Fastlege"),),
	),
	(
		"PPT",
		"Internal",
		("Elin Sæther", "PPT-leder"),
		("Thomas Aas", "PP-rådgiver"),
		(("Kristin Dahl", "PP-rådgiver"),),
	),
	(
		"NAV Sentrum",
		"Internal",
		("Morten Iversen", "NAV-leder"),
		("Hanne Jacobsen", "Veileder"),
		(("Ahmed Hussain", "Veileder"),),
	),
	(
		"Avlastningsboligen",
		"Internal",
		("Berit Amundsen", "Avdelingsleder"),
		("Espen Nygård", "Miljøterapeut"),
		(("Ida Sørensen", "Vernepleier"),),
	),
	(
		"Psykisk helse og rus",
		"Internal",
		("Svein Johansen", "Enhetsleder"),
		("Marte Lie", "Psykiatrisk sykepleier"),
		(("Eirik Paulsen", "Ruskonsulent"),),
	),
	(
		"Fysio- og ergoterapi",
		"Internal",
		("Liv Gundersen", "Fagleder"),
		None,
		(("Kjetil Moen", "Fysioterapeut"), ("Sara Nguyen", "Ergoterapeut")),
	),
	(
		"Solsikken barnehage",
		"Internal",
		("Anne Karlsen", "Styrer"),
		None,
		(("Maria Kowalska", "Pedagogisk leder"),),
	),
	(
		"BUP (ekstern)",
		"External",
		("Hans Eide", "Seksjonsleder"),
		None,
		(("Nina Solheim", "Psykologspesialist"),),
	),
)
KE_STAFF = (("Turid Aasen", "Leder, koordinerende enhet"), ("Ola Bergstrøm", "Rådgiver, koordinerende enhet"))

# What kind of case comes next, repeating every 20 cases: a group status, or an application that has not
# (yet) led to a group. Six groups already show every group status and every application status.
CASE_PATTERN = (
	st.GROUP_ACTIVE,
	st.APPLICATION_RECEIVED,
	st.GROUP_APPROVED,
	st.GROUP_CLOSED,
	st.APPLICATION_DECIDED,
	st.GROUP_PROPOSED,
	st.GROUP_ACTIVE,
	st.APPLICATION_REJECTED,
	st.GROUP_ACTIVE,
	st.GROUP_CLOSED,
	st.GROUP_ACTIVE,
	st.GROUP_APPROVED,
	st.GROUP_ACTIVE,
	st.GROUP_PROPOSED,
	st.GROUP_ACTIVE,
	st.GROUP_CLOSED,
	st.GROUP_ACTIVE,
	st.GROUP_APPROVED,
	st.GROUP_ACTIVE,
	st.GROUP_ACTIVE,
)
GROUP_STATUSES = (st.GROUP_PROPOSED, st.GROUP_APPROVED, st.GROUP_ACTIVE, st.GROUP_CLOSED)

# The life cycle of each DocType's status; a document reaches a status by every step before it. A
# status outside the chain (a rejected application) is one step from the first.
LIFE_CYCLE = {
	"IP Application": (
		st.APPLICATION_RECEIVED,
		st.APPLICATION_DECIDED,
		st.APPLICATION_APPOINTED,
		st.APPLICATION_CLOSED,
	),
	"Consent": (st.CONSENT_REGISTERED, st.CONSENT_SIGNED, st.CONSENT_ACTIVE, st.CONSENT_EXPIRED),
	"Responsibility Group": GROUP_STATUSES,
	"Group Member": (st.MEMBER_PROPOSED, st.MEMBER_APPROVED, st.MEMBER_ACTIVE, st.MEMBER_ENDED),
	"Meeting Minutes": (st.MINUTES_INVITED, st.MINUTES_DRAFT, st.MINUTES_APPROVED, st.MINUTES_DISTRIBUTED),
}
DEMO_DOCTYPES = (
	"Service User",
	"Consent",
	"IP Application",
	"Responsibility Group",
	"Group Member",
	"Meeting Minutes",
)
PLAN_MEASURES = (
	"Fysioterapi med øvelser for styrke og balanse",
	"Tilrettelagt undervisning i lesing og skriving",
	"Avlastning to helger i måneden",
	"Samtaler om søvn, mat og aktivitet",
	"Støttekontakt til fritidsaktivitet",
	"Opplæring i bruk av hjelpemidler",
	"Oppfølging av medisiner og helsesjekk",
)

GIRLS = "Emma Nora Olivia Ella Sofie Leah Frida Ingrid Maja Sara Astrid Selma Hedda Tiril Amalie Vilde Aurora Thea Mia Live Linnea Hanna Julie Ida Mathilde Iben Alma Eva Jenny Amina".split()
BOYS = "Jakob Emil Noah Oliver Filip William Lucas Liam Henrik Oskar Aksel Theodor Elias Isak Johannes Magnus Mathias Tobias Sander Jonas Ludvig Kasper Adrian Håkon Sigurd Even Vetle Ali Mohammed Leon".split()
WOMEN = "Kari Anne Inger Liv Berit Marit Hilde Randi Tone Silje Camilla Ida Marte Kristin Hanne Elin Nina Monica Heidi Ragnhild Solveig Gunn Bente Wenche Trine Line Maria Aisha Agnieszka Sigrid".split()
MEN = "Ole Per Jan Lars Knut Arne Bjørn Geir Terje Svein Rune Tor Morten Espen Thomas Anders Kjetil Stian Eirik Odd Hans Trond Rolf Tore Frode Jon Kristian Tomasz Hassan Nils".split()
SURNAMES = (
	"Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen Pettersen"
	" Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen Henriksen Lund"
	" Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen"
	" Bakken Kristoffersen Mathisen Lie Rasmussen Amundsen Lunde Bakke Berge Moe Nygård Fredriksen"
	" Solheim Holm Lien Hauge Knudsen Evensen Sæther Aas Myhre Ali Ahmed Nguyen Kowalski Hussain Rønning"
	" Tveit Vik Brekke Fjeld Aasen Ødegård Stene"
).split()
STREETS = (
	"Storgata Kirkegata Skoleveien Bjørkelundveien Torggata Fjordgata Solsikkeveien Granveien Furuveien"
	" Eikeveien Lindeveien Nygata Havnegata Bakkeveien Åsveien Strandveien Myrveien Kongens gate"
).split(" ")

# Who the person is: age range, the units that may hold the coordinator role, the other partners, and
# what the application says.
PROFILES = {
	"toddler": (
		(1, 5),
		("Helsestasjon Sentrum",),
		(
			"Solsikken barnehage",
			"Fysio- og ergoterapi",
			"Fastlegekontoret Torget",
			"Avlastningsboligen",
			"PPT",
		),
		(
			"Barnet har en medfødt muskelsykdom og trenger fysioterapi, tilrettelegging i barnehagen og avlastning.",
			"Barnet har forsinket språkutvikling og epilepsi; foreldrene ønsker én fast kontaktperson.",
			"For tidlig født barn med behov for tett oppfølging fra helsestasjon, fysioterapeut og barnehage.",
		),
	),
	"school": (
		(6, 15),
		("Bjørkelund skole", "PPT", "Barneverntjenesten"),
		(
			"Bjørkelund skole",
			"PPT",
			"BUP (ekstern)",
			"Helsestasjon Sentrum",
			"Fastlegekontoret Torget",
			"Avlastningsboligen",
			"Barneverntjenesten",
		),
		(
			"Eleven har ADHD og lese- og skrivevansker og trenger samordning mellom skole, PPT og BUP.",
			"Barnet har autisme og trenger en tilrettelagt skoledag, avlastning og veiledning til foreldrene.",
			"Barnet har en kronisk sykdom med mye fravær og trenger en plan for skole, helse og fritid.",
			"Familien trenger samordnet hjelp etter en bekymringsmelding; barnet strever med trivsel og skole.",
		),
	),
	"youth": (
		(16, 17),
		("Barneverntjenesten", "Psykisk helse og rus"),
		(
			"BUP (ekstern)",
			"NAV Sentrum",
			"Fastlegekontoret Torget",
			"Psykisk helse og rus",
			"Barneverntjenesten",
		),
		(
			"Ungdommen har angst og skolevegring og trenger samordning mellom BUP, barnevern og skole.",
			"Ungdom i fosterhjem som trenger en planlagt overgang til voksentjenester og ettervern.",
			"Ungdommen har rusproblemer og psykiske plager og trenger koordinerte tiltak fra flere instanser.",
		),
	),
	"adult": (
		(23, 66),
		("NAV Sentrum", "Psykisk helse og rus", "Hjemmetjenesten Nord"),
		(
			"Fastlegekontoret Torget",
			"NAV Sentrum",
			"Psykisk helse og rus",
			"Fysio- og ergoterapi",
			"Hjemmetjenesten Nord",
		),
		(
			"Langvarig psykisk lidelse og rusutfordringer; trenger samordning av bolig, arbeid og behandling.",
			"Har hatt hjerneslag og trenger koordinert rehabilitering, hjemmetjenester og oppfølging mot arbeid.",
			"Kronisk smertetilstand og sykmeldt; trenger samordnet oppfølging fra fastlege, NAV og fysioterapeut.",
		),
	),
	"disabled_adult": (
		(19, 50),
		("Avlastningsboligen", "Hjemmetjenesten Nord"),
		(
			"Fastlegekontoret Torget",
			"Fysio- og ergoterapi",
			"NAV Sentrum",
			"Hjemmetjenesten Nord",
			"Avlastningsboligen",
		),
		(
			"Har utviklingshemming og trenger samordnet bistand til bolig, dagaktivitet og helsetjenester.",
			"Har cerebral parese og trenger koordinerte tjenester for hjelpemidler, avlastning og arbeid.",
		),
	),
	"elderly": (
		(67, 92),
		("Hjemmetjenesten Nord",),
		("Fastlegekontoret Torget", "Fysio- og ergoterapi", "Psykisk helse og rus"),
		(
			"Begynnende demens og bor alene; trenger samordning av hjemmetjenester, fastlege og pårørende.",
			"KOLS og hjertesvikt med hyppige innleggelser; trenger koordinert oppfølging hjemme.",
		),
	),
}
PROFILE_WEIGHTS = {"toddler": 15, "school": 30, "youth": 10, "adult": 20, "disabled_adult": 15, "elderly": 10}
REJECTION_REASONS = (
	"Behovet for langvarige og koordinerte tjenester er ikke dokumentert; søker er veiledet om andre tiltak.",
	"Søker mottar bare én tjeneste, og behovet kan dekkes av den enheten alene.",
)
CLOSING_REASONS = (
	"Målene i den individuelle planen er nådd; enhetene følger opp hver for seg.",
	"Familien har flyttet til en annen kommune, og saken er overført dit.",
	"Brukeren ønsker ikke lenger ansvarsgruppe.",
	"Overgangen er gjennomført, og det nye tjenestetilbudet har egen oppfølging.",
)
ACTIONS = (
	"Oppdatere den individuelle planen med nye mål og tiltak",
	"Sende søknad om avlastning for neste halvår",
	"Innhente oppdatert uttalelse fra fastlegen",
	"Vurdere behov for hjelpemidler i hjemmet",
	"Kartlegge behov for støttekontakt",
	"Følge opp søknad om arbeidsavklaringspenger",
	"Avtale besøk i ny skole eller barnehage før overgangen",
	"Planlegge fritidsaktivitet sammen med familien",
)
STATUS_NOTES = (
	"Det går bedre hjemme og i hverdagen.",
	"Tiltakene virker, men søvn og dagsrytme er fortsatt krevende.",
	"Samarbeidet mellom enhetene fungerer godt.",
	"Det er behov for å justere målene i planen.",
	"Fraværet har gått ned siden forrige møte.",
)
CONCLUSIONS = (
	"Tiltakene videreføres. Koordinator oppdaterer planen før neste møte.",
	"Gruppen er enig om nye delmål; ansvar fram til neste møte står i tiltakslisten.",
	"Situasjonen er stabil. Tiltakene videreføres uendret.",
)
PLACES = ("Møterom Fjord, rådhuset", "Digitalt møte (Teams)", "Møterommet på {unit}", "Hjemme hos familien")


def create(groups=20, password=None, validated=VALIDATED_CASES):
	"""Make the demo municipality, with ``groups`` responsibility groups in total; print a summary.

	The first ``validated`` new cases go through the controllers, the rest are written in bulk.
	"""
	groups = int(groups)
	# Demo people have .invalid addresses; no mail, and no PDFs rendered for mail, while generating.
	muted, frappe.flags.mute_emails = frappe.flags.mute_emails, True
	try:
		_create(groups, password, validated)
	finally:
		frappe.flags.mute_emails = muted


def _create(groups: int, password: str | None, validated: int):
	generated = password is None
	password = password or secrets.token_urlsafe(12)
	prepare_settings()
	users = ensure_staff(password)
	ensure_units()
	town = Town(users)

	first = demo_case_count()
	last, wanted = first, max(0, groups - groups_in(first))
	while groups_in(last) - groups_in(first) < wanted:
		last += 1
	bulk = BulkWriter()
	for k in range(first, last):
		if k - first < validated:
			write_validated(Case(k, town, town.exact_names))
			continue
		bulk.add_case(Case(k, town, town.block_names))
		if len(bulk.cases) >= BULK_BATCH:
			bulk.flush()
			frappe.db.commit()
			print(f"  … {groups_in(k + 1)} of {groups} groups")
	bulk.flush()
	frappe.db.commit()
	families = ensure_portal_families(password)
	frappe.db.commit()
	print_summary(users, password if generated else None, families)


# --- The municipality: settings, staff, units ---------------------------------------------------------


def prepare_settings():
	"""Demo people have synthetic identity numbers, which only test mode accepts (R20)."""
	settings = frappe.get_single(SETTINGS)
	settings.allow_synthetic_national_ids = 1
	settings.municipality_name = settings.municipality_name or MUNICIPALITY
	settings.coordinating_unit_email = (
		settings.coordinating_unit_email or f"koordinerende.enhet@{DEMO_DOMAIN}"
	)
	settings.save(ignore_permissions=True)


def email_for(name: str, suffix: str = "") -> str:
	"""An ASCII e-mail address at the demo domain (e-mail validation refuses æ, ø and å)."""
	local = name.lower().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e"}))
	local = ".".join("".join(c for c in part if c.isascii() and c.isalnum()) for part in local.split())
	return f"{local}{suffix}@{DEMO_DOMAIN}"


def staff_users() -> list[tuple[str, str, str, tuple[str, ...], str | None]]:
	"""Every demo employee: (e-mail, name, job title, roles, unit)."""
	people = [(email_for(name), name, title, (KE,), None) for name, title in KE_STAFF]
	for unit, _agency, leader, coordinator, participants in UNITS:
		people.append((email_for(leader[0]), *leader, (UNIT_LEADER,), unit))
		if coordinator:
			people.append((email_for(coordinator[0]), *coordinator, (COORDINATOR,), unit))
		people += [(email_for(name), name, title, (PARTICIPANT,), unit) for name, title in participants]
	return people


def ensure_system_manager(email: str = f"systemansvarlig@{DEMO_DOMAIN}") -> str:
	"""A system manager of its own, so that Frappe does not make the next new desk user one.

	(Once setup is complete, Frappe gives System Manager to a new system user while nobody but
	Administrator has it.)"""
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": "Systemansvarlig", "send_welcome_email": 0}
		)
		user.append_roles("System Manager")
		user.insert(ignore_permissions=True)
	return email


def ensure_staff(password: str) -> list[tuple]:
	"""Desk users in Norwegian for every employee; existing ones get their roles and the password."""
	people = staff_users()
	ensure_system_manager()
	for email, name, _title, roles, _unit in people:
		first_name, last_name = name.rsplit(" ", 1)
		if frappe.db.exists("User", email):
			user = frappe.get_doc("User", email)
			if set(roles) - {r.role for r in user.roles}:
				user.add_roles(*roles)
		else:
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": first_name,
					"last_name": last_name,
					"language": "no",
					"user_type": "System User",
					"send_welcome_email": 0,
				}
			)
			user.append_roles(*roles)
			user.insert(ignore_permissions=True)
		update_password(email, password)
	return people


def ensure_units():
	for unit, agency, leader, _coordinator, _participants in UNITS:
		if frappe.db.exists("Service Unit", unit):
			continue
		frappe.get_doc(
			{
				"doctype": "Service Unit",
				"unit_name": unit,
				"agency_type": agency,
				"unit_leader": email_for(leader[0]),
				"email": email_for(unit.replace("(", "").replace(")", "")),
			}
		).insert(ignore_permissions=True)


# --- Families in the portal ------------------------------------------------------------------------------

# Who gets a portal account, by how they act for the person: (kind, how many families).
PORTAL_FAMILIES = (("parents", 2), ("guardian", 1), ("self", 1))


def ensure_portal_families(password: str) -> list[tuple[str, str, str, str]]:
	"""Portal accounts for a few families of open groups, as the coordinator's invitation would make them:
	both parents with parental responsibility of two children, the guardian of one person, and one adult
	who uses the portal themselves (R1). Returns (e-mail, name, how they act, service user)."""
	group = frappe.qb.DocType("Responsibility Group")
	people = (
		frappe.qb.from_(group)
		.select(group.service_user)
		.distinct()
		.where(group.status.isin(list(st.GROUP_OPEN)))
		.orderby(group.service_user)
		.run(pluck=True)
	)
	today = getdate()
	age_limit = cint(frappe.db.get_single_value(SETTINGS, "consent_age_limit")) or 18
	wanted = dict(PORTAL_FAMILIES)
	accounts = []
	for name in people:
		person = frappe.get_doc("Service User", name)
		minor = is_minor(getdate(person.birth_date), today, age_limit)
		parents = [r for r in person.relations if r.has_parental_responsibility and r.email]
		guardians = [r for r in person.relations if r.is_guardian and r.email]
		if minor and len(parents) == 2:
			kind, parties = "parents", parents
		elif guardians:
			kind, parties = "guardian", guardians[:1]
		elif not minor and person.email:
			kind, parties = "self", [person]
		else:
			continue
		if not wanted.get(kind):
			continue
		wanted[kind] -= 1
		for party in parties:
			user = party.portal_user or ensure_portal_user(party.email, party.full_name).name
			if not party.portal_user:
				frappe.db.set_value(party.doctype, party.name, "portal_user", user)
				link_memberships(party, user)
			update_password(user, password)
			accounts.append((user, party.full_name, PORTAL_KIND_LABEL[kind], person.name))
		if not any(wanted.values()):
			break
	return accounts


def link_memberships(party, user: str):
	"""The party's existing Group Member rows get the portal account, as their controller would set it."""
	member = frappe.qb.DocType("Group Member")
	if party.doctype == "Service User":
		rows = (member.service_user == party.name) & (member.member_role == member_rules.SERVICE_USER)
	else:
		rows = member.relation == party.name
	frappe.qb.update(member).set(member.user, user).where(
		rows & (member.user.isnull() | (member.user == ""))
	).run()


PORTAL_KIND_LABEL = {"parents": "parent", "guardian": "guardian", "self": "the person"}


def use_mail_server(host: str = "127.0.0.1", port: int = 2525) -> str:
	"""The site's default outgoing Email Account, over plain SMTP to ``host``:``port`` (a local mail
	catcher on a development site). Idempotent; returns the account's name."""
	name = "Ansvarsgruppe (lokal e-post)"
	account = (
		frappe.get_doc("Email Account", name)
		if frappe.db.exists("Email Account", name)
		else frappe.new_doc("Email Account")
	)
	account.update(
		{
			"email_account_name": name,
			"email_id": f"ansvarsgruppe@{DEMO_DOMAIN}",
			"service": "",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"enable_incoming": 0,
			"smtp_server": host,
			"smtp_port": int(port),
			"use_tls": 0,
			"use_ssl_for_outgoing": 0,
			"no_smtp_authentication": 1,
			"awaiting_password": 0,
			"always_use_account_email_id_as_sender": 1,
		}
	)
	account.save(ignore_permissions=True)
	frappe.db.commit()
	return account.name


def run_daily_jobs_soon():
	"""Make the daily scheduled jobs due, so that a running scheduler sends the day's alerts within a
	minute instead of at the next midnight (a new development site has never run them)."""
	today = getdate()
	jobs = frappe.get_all(
		"Scheduled Job Type",
		filters={"frequency": ("in", ("Daily", "Daily Long")), "stopped": 0},
		fields=["name", "last_execution"],
	)
	for job in jobs:
		if not job.last_execution or getdate(job.last_execution) < today:
			frappe.db.set_value(
				"Scheduled Job Type", job.name, "last_execution", now_datetime() - datetime.timedelta(days=1)
			)
	frappe.db.commit()


def demo_case_count() -> int:
	"""Demo people are the ones with synthetic identity numbers (month + 80): one per case made so far."""
	query = "select count(*) from `tabService User` where substr(national_id, 3, 2) > '80'"
	return frappe.db.sql(query)[0][0]


def groups_in(cases: int) -> int:
	"""How many of the first ``cases`` cases have a group."""
	full, rest = divmod(cases, len(CASE_PATTERN))
	return full * sum(k in GROUP_STATUSES for k in CASE_PATTERN) + sum(
		k in GROUP_STATUSES for k in CASE_PATTERN[:rest]
	)


class Town:
	"""What every case shares: today, the settings, the staff by unit, identity numbers in use, names."""

	def __init__(self, users):
		settings = frappe.get_single(SETTINGS)
		self.today = getdate()
		self.age_limit = cint(settings.consent_age_limit) or 18
		self.deadline_days = cint(settings.minutes_deadline_days) or 28
		self.review_months = cint(settings.annual_review_interval_months) or 12
		self.staff = {email: (name, title) for email, name, title, _roles, _unit in users}
		self.coordinator = {unit: email_for(c[0]) for unit, _a, _l, c, _p in UNITS if c}
		self.leader = {unit: email_for(leader[0]) for unit, _a, leader, _c, _p in UNITS}
		self.participants = {unit: [email_for(p[0]) for p in people] for unit, _a, _l, _c, people in UNITS}
		self.used_ids = set(
			frappe.get_all("Service User", filters={"national_id": ("is", "set")}, pluck="national_id")
		)
		self.exact_names, self.block_names = Names(block=1), Names(block=1000)


# --- Names ---------------------------------------------------------------------------------------------

SLOT = "\x00"


class Names:
	"""New names in each DocType's naming series (AG-.YYYY.-.#### …), numbered from tabSeries.

	The template and the series key come from Frappe's own parser; numbers are reserved ``block`` at a
	time, so a case can link its documents to each other before anything is written. The unused numbers
	of a run's last block are skipped, as after deleted documents.
	"""

	def __init__(self, block: int):
		self.block, self.free, self.patterns = block, defaultdict(deque), {}

	def next(self, doctype: str) -> str:
		if not self.free[doctype]:
			self.free[doctype] = self.reserve(doctype, self.block)
		return self.free[doctype].popleft()

	def reserve(self, doctype: str, count: int) -> deque:
		if doctype not in self.patterns:
			self.patterns[doctype] = self.pattern(doctype)
		template, key, digits = self.patterns[doctype]
		current = frappe.db.sql("select `current` from `tabSeries` where `name`=%s for update", key)
		start = cint(current[0][0]) if current else 0
		if current:
			frappe.db.sql("update `tabSeries` set `current`=%s where `name`=%s", (start + count, key))
		else:
			frappe.db.sql("insert into `tabSeries` (`name`, `current`) values (%s, %s)", (key, count))
		return deque(
			template.replace(SLOT, str(n).zfill(digits)) for n in range(start + 1, start + count + 1)
		)

	@staticmethod
	def pattern(doctype: str) -> tuple[str, str, int]:
		"""("AG-2026-\\x00", series key, digits) for the naming series ``AG-.YYYY.-.####``, parsed as
		Frappe does, so the key is the one Frappe's own inserts count on."""
		autoname = frappe.get_meta(doctype).autoname or ""
		series = {}

		def number(key, digits):
			series.update(key=key, digits=digits)
			return SLOT

		template = parse_naming_series(autoname, number_generator=number)
		return template, series["key"], series["digits"]


# --- One case ------------------------------------------------------------------------------------------


class Case:
	"""Every value of case ``k``, from a random generator seeded with ``k`` (the demo is reproducible).

	Each document is a dict as ``frappe.get_doc`` takes it, in its final status, with its name and the
	fields the controllers fill in already set; child rows are named ``<parent>-<idx>``.
	"""

	def __init__(self, k: int, town: Town, names: Names):
		self.k, self.town, self.names = k, town, names
		self.rng = random.Random(k)
		self.kind = CASE_PATTERN[k % len(CASE_PATTERN)]
		self.has_group = self.kind in GROUP_STATUSES
		self.consent = self.group = self.responsible_unit = None
		self.covered, self.members, self.minutes = [], [], []
		self.plan_dates()
		self.make_person()
		self.make_consent()
		self.make_application()
		if self.has_group:
			self.make_group()
			self.make_members()
			self.make_minutes()
			self.finish_group()

	# helpers
	def days_ago(self, low: int, high: int) -> datetime.date:
		return self.town.today - datetime.timedelta(days=self.rng.randint(low, high))

	@staticmethod
	def plus(day: datetime.date, days: int) -> datetime.date:
		return day + datetime.timedelta(days=days)

	def pick(self, options, count: int):
		return self.rng.sample(list(options), min(count, len(options)))

	@staticmethod
	def named_rows(parent: str, rows: list[dict]) -> list[dict]:
		for idx, row in enumerate(rows, 1):
			row["name"] = f"{parent}-{idx}"
		return rows

	# the timeline
	def plan_dates(self):
		today, kind, rng = self.town.today, self.kind, self.rng
		self.established = self.closed = self.decided = None
		if kind == st.GROUP_PROPOSED:
			self.received = self.days_ago(12, 45)
			self.decided = self.plus(self.received, rng.randint(5, 10))
		elif kind == st.GROUP_APPROVED:
			self.established = self.days_ago(3, 40)
		elif kind == st.GROUP_ACTIVE:
			self.established = self.days_ago(45, 365) if rng.random() < 0.6 else self.days_ago(366, 730)
		elif kind == st.GROUP_CLOSED:
			self.established = self.days_ago(400, 1100)
			self.closed = self.days_ago(14, 300)
		elif kind == st.APPLICATION_RECEIVED:
			self.received = self.days_ago(0, 25)
		else:  # decided or rejected, waiting for a coordinator or answered
			self.received = self.days_ago(12, 40)
			self.decided = self.plus(self.received, rng.randint(5, 10))
		if self.established:
			self.decided = self.established - datetime.timedelta(days=rng.randint(3, 15))
			self.received = self.decided - datetime.timedelta(days=rng.randint(7, 30))
		self.signed = self.plus(self.received, rng.randint(0, ((self.decided or today) - self.received).days))
		self.joined = self.established or self.decided

	# the person and family (R1, R20)
	def make_person(self):
		rng, today = self.rng, self.town.today
		self.profile = rng.choices(list(PROFILE_WEIGHTS), weights=list(PROFILE_WEIGHTS.values()))[0]
		(low, high), self.responsible_units, self.partner_units, self.needs = PROFILES[self.profile]
		age = rng.randint(low, high)
		birth = today - datetime.timedelta(days=age * 365 + rng.randint(30, 330))
		birth = min(birth, self.received - datetime.timedelta(days=180))  # born before anyone applied
		self.female = rng.random() < 0.5
		surname = rng.choice(SURNAMES)
		child = is_minor(birth, today, self.town.age_limit)
		first = rng.choice((GIRLS if self.female else BOYS) if child else (WOMEN if self.female else MEN))
		self.first_name, self.full_name = first, f"{first} {surname}"
		number = self.synthetic_number(birth)
		relations = []
		if child:
			mother_surname = surname if rng.random() < 0.7 else rng.choice(SURNAMES)
			responsible_father = rng.random() < 0.85
			relations.append(
				self.relation(f"{rng.choice(WOMEN)} {mother_surname}", "Parent", responsibility=1)
			)
			relations.append(
				self.relation(
					f"{rng.choice(MEN)} {surname}", "Parent", responsibility=int(responsible_father)
				)
			)
		elif self.profile == "disabled_adult" or (self.profile == "elderly" and rng.random() < 0.4):
			relations.append(self.relation(f"{rng.choice(WOMEN + MEN)} {rng.choice(SURNAMES)}", "Guardian"))
			if rng.random() < 0.5:
				relations.append(self.relation(f"{rng.choice(WOMEN + MEN)} {surname}", "Relative"))
		else:
			relations.append(self.relation(f"{rng.choice(WOMEN + MEN)} {surname}", "Relative"))
		name = self.names.next("Service User")
		self.person = {
			"doctype": "Service User",
			"name": name,
			"full_name": self.full_name,
			"national_id": number.number,
			"birth_date": number.birth_date,
			"address": f"{rng.choice(STREETS)} {rng.randint(1, 60)}, 4321 Fjordvik",
			"email": None if child else email_for(self.full_name, f".{self.k}"),
			"relations": self.named_rows(name, relations),
		}

	def relation(self, full_name: str, relation_type: str, responsibility: int = 0) -> dict:
		return {
			"full_name": full_name,
			"relation_type": relation_type,
			"has_parental_responsibility": responsibility,
			"is_guardian": int(relation_type == "Guardian"),
			"email": email_for(full_name, f".{self.k}"),
		}

	def synthetic_number(self, birth: datetime.date) -> national_id.NationalId:
		"""A synthetic test number (month + 80, like Skatteetaten's test population), unique in the site.

		The individual number is odd for men and even for women, as in real numbers."""
		low, high = (500, 999) if birth.year >= 2000 else (0, 499)
		start = self.rng.randint(low, high)
		for step in range(high - low + 1):
			individual = low + (start - low + step) % (high - low + 1)
			if individual % 2 == int(self.female):
				continue
			base = f"{birth:%d}{birth.month + national_id.SYNTHETIC_MONTH_OFFSET}{birth:%y}{individual:03d}"
			for weights in ((3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)):
				base += str((11 - sum(w * int(d) for w, d in zip(weights, base, strict=False))) % 11)
			if len(base) != 11 or base in self.town.used_ids:  # a check digit of 10 makes no number
				continue
			self.town.used_ids.add(base)
			return national_id.parse(base, allow_synthetic=True, today=self.town.today)
		raise ValueError(f"no free synthetic number for {birth}")

	def acting_party(self, act: str, on_date: datetime.date) -> tuple[str, str | None, str]:
		"""Who applies or signs on ``on_date``: (kind, relation row, name), by the representation rule.

		A guardian acts when there is one, else the person, else a parent with parental responsibility."""
		relations = self.person["relations"]
		candidates = [("Relation", r["name"], r["full_name"]) for r in relations if r["is_guardian"]]
		candidates += [("Service User", None, self.full_name)]
		candidates += [
			("Relation", r["name"], r["full_name"]) for r in relations if r["has_parental_responsibility"]
		]
		for kind, row, name in candidates:
			party = {"kind": kind}
			if row:
				party.update(next(r for r in relations if r["name"] == row), kind="Relation")
			problem = representation.representation_problem(
				act, party, self.person["birth_date"], on_date, self.town.age_limit
			)
			if not problem:
				return kind, row, name
		raise ValueError(f"nobody may {act} for case {self.k}")

	# consent (R4, R5)
	def make_consent(self):
		rng = self.rng
		if self.kind == st.APPLICATION_REJECTED:
			return
		self.responsible_unit = rng.choice(self.responsible_units)
		others = [u for u in self.partner_units if u != self.responsible_unit]
		self.covered = [self.responsible_unit, *self.pick(others, rng.randint(1, 3))]
		status = {
			st.APPLICATION_RECEIVED: st.CONSENT_REGISTERED,
			st.APPLICATION_DECIDED: st.CONSENT_SIGNED,
			st.GROUP_CLOSED: st.CONSENT_EXPIRED,
		}.get(self.kind, st.CONSENT_ACTIVE)
		kind, relation, signer = self.acting_party("sign", self.signed)
		name = self.names.next("Consent")
		partners = [{"service_unit": unit} for unit in self.covered]
		withdrawable = [u for u in others if u not in self.covered]
		if status == st.CONSENT_ACTIVE and withdrawable and rng.random() < 0.12:
			# R5: the family withdrew the consent for one partner; nobody from that unit sits in the group.
			partners.append(
				{
					"service_unit": rng.choice(withdrawable),
					"withdrawn_on": self.plus(
						self.signed, rng.randint(0, (self.town.today - self.signed).days)
					),
					"withdrawal_reason": "Familien ønsker ikke lenger at denne enheten får informasjon.",
				}
			)
		self.consent = {
			"doctype": "Consent",
			"name": name,
			"service_user": self.person["name"],
			"service_user_name": self.full_name,
			"collecting_unit": self.responsible_unit,
			"status": status,
			"valid_from": self.signed,
			"valid_to": self.closed,
			"case_description": "Samordning av tjenester fra " + ", ".join(self.covered) + ".",
			"partners": self.named_rows(name, partners),
			"reservations": rng.choice((None, None, "Opplysninger om foreldrenes økonomi skal ikke deles.")),
			"signed_by_kind": kind,
			"signed_by_relation": relation,
			"signed_by_name": signer,
			"signed_date": self.signed,
			"received_by": self.town.coordinator[self.responsible_unit],
			"received_by_unit": self.responsible_unit,
		}

	# application (R1, R2)
	def make_application(self):
		rng, kind = self.rng, self.kind
		applicant_kind, relation, applicant = self.acting_party("apply", self.received)
		status = {
			st.GROUP_CLOSED: st.APPLICATION_CLOSED,
			st.APPLICATION_RECEIVED: st.APPLICATION_RECEIVED,
			st.APPLICATION_DECIDED: st.APPLICATION_DECIDED,
			st.APPLICATION_REJECTED: st.APPLICATION_REJECTED,
		}.get(kind, st.APPLICATION_APPOINTED)
		self.coordinator = self.town.coordinator.get(self.responsible_unit)
		applied_for = rng.choice(
			(applications.BOTH,) * 3 + (applications.COORDINATOR, applications.INDIVIDUAL_PLAN)
		)
		decided = status != st.APPLICATION_RECEIVED
		unit = self.responsible_unit if decided else None  # none for a rejected application
		self.application = {
			"doctype": "IP Application",
			"name": self.names.next("IP Application"),
			"service_user": self.person["name"],
			"service_user_name": self.full_name,
			"applicant_kind": applicant_kind,
			"applicant_relation": relation,
			"applicant_name": applicant,
			"applied_for": applied_for,
			"date_received": self.received,
			"status": status,
			"needs_description": rng.choice(self.needs),
			"services_involved": ", ".join(self.covered) or None,
			"proposed_coordinator": self.coordinator if self.has_group and rng.random() < 0.3 else None,
			"responsible_unit": unit,
			"responsible_unit_leader": self.town.leader.get(unit),
			"decision_date": self.decided if decided else None,
			"appointed_coordinator": self.coordinator if self.has_group else None,
			"outcome": f"Innvilget. {unit} har koordinatoransvaret." if unit else None,
			"rejection_reason": rng.choice(REJECTION_REASONS) if status == st.APPLICATION_REJECTED else None,
			"consent": self.consent["name"] if self.consent else None,
		}

	# group (R3, R13, R15, R16)
	def make_group(self):
		rng = self.rng
		transitions = self.transitions() if self.kind != st.GROUP_CLOSED else []
		name = self.names.next("Responsibility Group")
		self.group = {
			"doctype": "Responsibility Group",
			"name": name,
			"service_user": self.person["name"],
			"service_user_name": self.full_name,
			"responsible_unit": self.responsible_unit,
			"coordinator": self.coordinator,
			"coordinator_name": self.town.staff[self.coordinator][0],
			"status": self.kind,
			"consent": self.consent["name"],
			"ip_application": self.application["name"],
			"has_individual_plan": int(self.application["applied_for"] != applications.COORDINATOR),
			"mandate": (
				f"Ansvarsgruppen skal sikre helhetlige og samordnede tjenester for {self.first_name}, følge opp"
				" den individuelle planen og evaluere tjenestene minst én gang i året. Medlemmene representerer"
				" sine enheter med avklart fullmakt. Gruppen fatter ikke enkeltvedtak."
			),
			"meeting_plan": rng.choice(
				(
					"Møter omtrent hver 8. uke.",
					"Møter hver 10.–12. uke, oftere ved behov.",
					"Fire møter i året.",
				)
			),
			"established_date": self.established,
			"transitions": self.named_rows(name, transitions),
			"closed_date": self.closed,
			"closing_reason": rng.choice(CLOSING_REASONS) if self.closed else None,
		}
		self.application["responsibility_group"] = name

	def transitions(self) -> list[dict]:
		"""R15: kindergarten → school, primary → lower secondary, child → adult services, respite → home."""
		today, birth, rng = self.town.today, self.person["birth_date"], self.rng
		august = datetime.date(today.year if today.month < 8 else today.year + 1, 8, 15)
		age = (today - birth).days // 365
		row = None
		if self.profile == "toddler" and age >= 4:
			row = ("Solsikken barnehage", "Bjørkelund skole", august)
		elif self.profile == "school" and age in (12, 13):
			row = ("Bjørkelund skole", "Fjordvik ungdomsskole", august)
		elif self.profile == "youth":
			origin = "BUP (ekstern)" if "BUP (ekstern)" in self.covered else self.responsible_unit
			row = (origin, "Voksentjenester (DPS og NAV)", add_months(birth, 12 * 18))
		elif self.profile == "disabled_adult" and rng.random() < 0.4:
			row = (
				"Avlastningsboligen",
				"Egen leilighet i bofellesskapet Lia",
				self.plus(today, rng.randint(60, 300)),
			)
		if not row or row[2] <= today:
			return []
		return [
			{
				"from_service": row[0],
				"to_service": row[1],
				"planned_date": row[2],
				"responsible": self.coordinator,
			}
		]

	# members (R3, R5, R6, R7)
	def make_members(self):
		rng, status = self.rng, self.member_status()
		professionals = [(rng.choice(self.town.participants[unit]), unit) for unit in self.covered[1:]]
		own = self.town.participants[self.responsible_unit]
		if len(professionals) < 2 or rng.random() < 0.3:
			professionals.append((rng.choice(own), self.responsible_unit))
		self.add_member("Coordinator", status, user=self.coordinator, unit=self.responsible_unit)
		for user, unit in professionals:
			self.add_member("Professional", status, user=user, unit=unit)
		relations = self.person["relations"]
		family = next((r for r in relations if r["is_guardian"]), None) or next(
			(r for r in relations if r["has_parental_responsibility"]), relations[0]
		)
		self.add_member("Guardian" if family["is_guardian"] else "Relative", status, relation=family)
		if (
			not is_minor(self.person["birth_date"], self.town.today, self.town.age_limit)
			or self.profile == "youth"
		):
			self.add_member("Service User", status)

	def member_status(self) -> str:
		return {
			st.GROUP_PROPOSED: st.MEMBER_PROPOSED,
			st.GROUP_APPROVED: st.MEMBER_APPROVED,
			st.GROUP_ACTIVE: st.MEMBER_ACTIVE,
			st.GROUP_CLOSED: st.MEMBER_ENDED,
		}[self.kind]

	def add_member(self, role: str, status: str, user=None, unit=None, relation=None):
		if user:
			full_name, email = self.town.staff[user][0], user
		elif relation:
			full_name, email = relation["full_name"], relation["email"]
		else:
			full_name, email = self.full_name, self.person["email"]
		mandate = None
		if unit:
			leader = self.town.staff[self.town.leader[unit]][0]
			mandate = f"{self.town.staff[user][1]}. Fullmakt avklart med {leader} {self.joined:%d.%m.%Y}."
		self.members.append(
			{
				"doctype": "Group Member",
				"name": self.names.next("Group Member"),
				"group": self.group["name"],
				"service_user": self.person["name"],
				"member_role": role,
				"user": user,
				"relation": relation["name"] if relation else None,
				"full_name": full_name,
				"email": email,
				"status": status,
				"service_unit": unit,
				"is_permanent": 1,
				"from_date": self.joined,
				"to_date": self.closed,
				"mandate_clarified": int(bool(unit)),
				"mandate_note": mandate,
			}
		)

	# the individual plan (R18), for the validated active cases with a plan
	def individual_plan(self) -> dict:
		rng, today = self.rng, self.town.today
		professionals = [m for m in self.members if m["member_role"] == "Professional" and m["user"]]
		held = [
			m
			for m in self.minutes
			if m["meeting_type"] != "Pre-meeting" and m["status"] != "Invited" and m["meeting_date"] <= today
		]
		measures = []
		for number, member in enumerate(professionals, 1):
			start = self.plus(self.established, rng.randint(0, 20))
			end = self.plus(start, rng.choice((90, 180, 365)))
			measures.append(
				{
					"goal_id": "M1" if number % 2 else "M2",
					"description": PLAN_MEASURES[(self.k + number) % len(PLAN_MEASURES)],
					"scope": rng.choice(
						("1 time i uka", "2 × 45 minutter i uka", "Hver 14. dag", "Ved behov")
					),
					"implementation": f"{member['service_unit']} har ansvaret og gir status i hvert møte.",
					"responsible_unit": member["service_unit"],
					"responsible_person": member["user"],
					"start_date": start,
					"end_date": end,
					"status": "Ongoing" if start <= today else "Planned",
					"evaluation_form": rng.choice(("Conversation", "Observation", "Measurement", "Report")),
					"next_evaluation_date": self.plus(today, rng.randint(14, 120)),
				}
			)
		evaluations = (
			[
				{
					"reference": "T1",
					"evaluation_date": getdate(held[-1]["meeting_date"]),
					"participants": "Deltakerne i ansvarsgruppemøtet",
					"result": rng.choice(("Achieved", "Partly", "Partly", "Not achieved")),
					"notes": rng.choice(STATUS_NOTES),
				}
			]
			if held and measures
			else []
		)
		return {
			"doctype": "Individual Plan",
			"group": self.group["name"],
			"ip_application": self.application["name"],
			"status": "Approved",
			"plan_from": self.established,
			"plan_to": self.plus(self.established, 3 * 365),
			"next_revision_date": self.plus(
				self.established, 365 * (1 + (today - self.established).days // 365)
			),
			"own_goals": f"{self.first_name} ønsker å klare mer selv i hverdagen og ha noen å være sammen med.",
			"resources": "God støtte i familien og et godt samarbeid med tjenestene.",
			"needs": self.application.get("needs_description"),
			"person_contribution": "Sier fra om hva som fungerer og ikke, og deltar i møtene når det passer.",
			"services_contribution": "Hver tjeneste har ansvar for sine tiltak og gir status i hvert møte.",
			"family_contribution": "Familien deltar i møtene og følger opp hjemme.",
			"collaboration": self.application.get("services_involved"),
			"goals": [
				{"goal": "Mestre hverdagen med mindre hjelp", "is_persons_own_goal": 1, "status": "Open"},
				{"goal": "Delta i aktiviteter sammen med andre", "status": "Open"},
				{"goal": "Få faste rutiner hjemme og ute", "parent_goal": "M1", "status": "Open"},
			],
			"measures": measures,
			"evaluations": evaluations,
		}

	# meetings (R8–R13)
	def meeting_dates(self) -> list[tuple[datetime.date, str, str]]:
		"""(date, meeting type, minutes status) for every meeting, oldest first."""
		today, rng = self.town.today, self.rng
		if self.kind == st.GROUP_PROPOSED:
			return []
		if self.kind == st.GROUP_APPROVED:
			return [(self.plus(today, rng.randint(3, 21)), minutes_rules.PRE_MEETING, st.MINUTES_INVITED)]
		end = self.closed or today
		meetings = [(self.plus(self.established, rng.randint(5, 14)), minutes_rules.PRE_MEETING)]
		day = self.plus(meetings[0][0], rng.randint(14, 28))
		reviews, holds_reviews = 1, rng.random() < 0.8  # some groups let the annual review slip (R13)
		while day < end:
			kind = minutes_rules.ORDINARY
			if holds_reviews and day >= add_months(self.established, 12 * reviews):
				kind, reviews = minutes_rules.ANNUAL_REVIEW, reviews + 1
			meetings.append((day, kind))
			day = self.plus(day, rng.randint(56, 120))
		if self.closed:
			closing = max(self.plus(self.closed, -rng.randint(0, 10)), self.plus(meetings[-1][0], 1))
			self.closed = self.group["closed_date"] = max(self.closed, closing)
			for member in self.members:
				member["to_date"] = self.closed
			self.consent["valid_to"] = self.closed
			meetings.append((closing, minutes_rules.CLOSING))
		elif day <= self.plus(today, 45):
			meetings.append((day, minutes_rules.ORDINARY))  # the next meeting has been called
		result = []
		for day, kind in meetings:
			if day >= today:
				status = st.MINUTES_INVITED
			elif (today - day).days <= self.town.deadline_days and rng.random() < 0.6:
				status = st.MINUTES_DRAFT  # the minutes of a recent meeting are still being written
			else:
				status = st.MINUTES_DISTRIBUTED if rng.random() < 0.6 else st.MINUTES_APPROVED
			result.append((day, kind, status))
		return result

	def make_minutes(self):
		meetings = self.meeting_dates()
		previous = None
		for i, (day, kind, status) in enumerate(meetings):
			following = meetings[i + 1][0] if i + 1 < len(meetings) else None
			minutes = self.one_meeting(day, kind, status, previous, following)
			self.minutes.append(minutes)
			if kind != minutes_rules.PRE_MEETING:
				previous = minutes

	def one_meeting(self, day, kind, status, previous, following) -> dict:
		rng, today = self.rng, self.town.today
		held = status != st.MINUTES_INVITED
		final = minutes_rules.is_final(status)
		name = self.names.next("Meeting Minutes")
		members = [m for m in self.members if kind != minutes_rules.PRE_MEETING or m["service_unit"]]
		professionals = [m for m in self.members if m["user"]]
		participants = [
			{
				"participant_name": m["full_name"],
				"group_member": m["name"],
				"user": m["user"],
				"service_unit": m["service_unit"],
				"email": m["email"],
				"attendance": self.attendance(m) if held else None,
			}
			for m in members
		]
		if kind != minutes_rules.PRE_MEETING and rng.random() < 0.1:
			participants.append(  # R6: a professional invited to one meeting only
				{
					"participant_name": "Lise Vang, audiopedagog (Statped)",
					"invited_for_this_meeting": 1,
					"attendance": "Present" if held else None,
				}
			)
		next_day = following or (
			self.plus(day, rng.randint(56, 90)) if kind != minutes_rules.CLOSING else None
		)
		next_taker = rng.choice(professionals)
		agenda = self.agenda(kind, len(participants), next_day, next_taker, held, final)
		start = rng.choice(("09:00:00", "10:00:00", "13:00:00", "14:30:00"))
		actions = []
		if held and kind != minutes_rules.CLOSING:
			for description in self.pick(ACTIONS, rng.randint(1, 3)):
				actions.append(
					{
						"description": description,
						"responsible": rng.choice(self.members)["full_name"],
						"due_date": self.plus(day, rng.randint(14, 60)),
					}
				)
		distribution = [
			{"recipient_name": m["full_name"], "email": m["email"], "user": m["user"]}
			for m in members
			if m["email"] or m["user"]
		]
		if kind == minutes_rules.CLOSING:  # R16: KE is told that the group is closed
			distribution.append(
				{"recipient_name": "Koordinerende enhet", "email": f"koordinerende.enhet@{DEMO_DOMAIN}"}
			)
		return {
			"doctype": "Meeting Minutes",
			"name": name,
			"group": self.group["name"],
			"service_user_name": self.full_name,
			"coordinator": self.coordinator,
			"meeting_type": kind,
			"meeting_date": day,
			"start_time": start,
			"end_time": f"{int(start[:2]) + 1:02d}{start[2:]}",
			"status": status,
			"place": rng.choice(PLACES).format(unit=self.responsible_unit),
			# R9: the minute-taker agreed at the previous meeting, if one was agreed.
			"minute_taker": (self.minutes and self.minutes[-1]["next_minute_taker"])
			or rng.choice(professionals)["user"],
			"invitation_sent_on": datetime.datetime.combine(
				min(today, self.plus(day, -rng.randint(10, 20))), datetime.time(8, 30)
			),
			"minutes_due_date": minutes_rules.due_date(day, self.town.deadline_days),
			"participants": self.named_rows(name, participants),
			"agenda": self.named_rows(name, agenda),
			"previous_minutes": previous["name"] if previous and kind != minutes_rules.PRE_MEETING else None,
			"previous_minutes_approved": int(
				held and previous is not None and kind != minutes_rules.PRE_MEETING
			),
			"previous_minutes_comments": "Ingen merknader." if held and previous else None,
			"actions": self.named_rows(name, actions),
			"conclusion": rng.choice(CONCLUSIONS) if final else None,
			"next_meeting_date": next_day if held else None,
			"next_meeting_time": start if held and next_day else None,
			"next_meeting_topic": "Oppfølging av tiltak og mål" if held and next_day else None,
			"next_minute_taker": next_taker["user"] if held and next_day else None,
			"distribution": self.named_rows(name, distribution if held else []),
			"approved_by": self.coordinator if final else None,
			"approved_on": min(today, self.plus(day, rng.randint(2, 14))) if final else None,
		}

	def attendance(self, member: dict) -> str:
		if member["member_role"] == "Coordinator":
			return "Present"
		return self.rng.choices(("Present", "Sent regrets", "Absent"), weights=(85, 12, 3))[0]

	def agenda(self, kind, participant_count, next_day, next_taker, held, final) -> list[dict]:
		"""R9: the standing agenda (the pre-meeting's own for a pre-meeting), written up after the meeting."""
		rng = self.rng
		titles = list(minutes_rules.standing_agenda(kind))
		if kind == minutes_rules.ANNUAL_REVIEW:
			titles.insert(2, "Årlig evaluering av tjenestene og den individuelle planen")
		if kind == minutes_rules.CLOSING:
			titles.insert(2, "Avslutning av ansvarsgruppen og melding til koordinerende enhet")
		texts = {
			minutes_rules.STANDING_AGENDA[0]: "Referatet fra forrige møte ble godkjent.",
			minutes_rules.STANDING_AGENDA[1]: "Alle deltakerne ga status. " + rng.choice(STATUS_NOTES),
			minutes_rules.STANDING_AGENDA[
				2
			]: "Tiltakene og ansvaret fram til neste møte står i tiltakslisten.",
			minutes_rules.STANDING_AGENDA[3]: rng.choice(("Ingen saker.", "Familien orienterte om ferien.")),
			minutes_rules.STANDING_AGENDA[4]: f"Neste møte {next_day:%d.%m.%Y}."
			if next_day
			else "Ikke aktuelt.",
			minutes_rules.STANDING_AGENDA[5]: f"{next_taker['full_name']} skriver referat.",
			minutes_rules.PRE_MEETING_AGENDA[0]: "Retningslinjene for ansvarsgrupper ble gjennomgått.",
			minutes_rules.PRE_MEETING_AGENDA[1]: "Mandatet ble drøftet og er ført inn i ansvarsgruppen.",
			minutes_rules.PRE_MEETING_AGENDA[2]: "Alle representantene har avklart fullmakten med sin leder.",
			minutes_rules.PRE_MEETING_AGENDA[3]: "Innkalling og saksliste sendes alle medlemmene.",
		}
		written = len(titles) if final else rng.randint(2, len(titles) - 1)  # a draft is half written
		rows = []
		for i, title in enumerate(titles):
			rows.append(
				{
					"title": title,
					"minutes_allotted": minutes_rules.STATUS_ROUND_MINUTES * max(1, participant_count)
					if title.startswith("Status")
					else None,
					"responsible": self.town.staff[self.coordinator][0] if i == 0 else None,
					"discussion": texts.get(title, "Gjennomgått; se konklusjonen.")
					if held and i < written
					else None,
				}
			)
		return rows

	def finish_group(self):
		"""The fields the minutes' controller keeps on the group (R13): next meeting and review dates."""
		upcoming = [m["meeting_date"] for m in self.minutes if m["meeting_date"] >= self.town.today]
		agreed = [
			m["next_meeting_date"]
			for m in self.minutes
			if minutes_rules.is_final(m["status"])
			and m["next_meeting_date"]
			and m["next_meeting_date"] >= self.town.today
		]
		reviews = [
			m["meeting_date"]
			for m in self.minutes
			if m["meeting_type"] == minutes_rules.ANNUAL_REVIEW and minutes_rules.is_final(m["status"])
		]
		last_review = max(reviews, default=None)
		self.group.update(
			next_meeting_date=min(upcoming + agreed, default=None),
			last_annual_review=last_review,
			next_review_due=group_rules.next_review_due(
				last_review, self.established, self.town.review_months
			),
		)


# --- Writing through the controllers -------------------------------------------------------------------


def write_validated(case: Case):
	"""Insert the case as the municipality would make it, each document checked by its controller."""
	insert(case.person)
	if case.consent:
		consent = insert(case.consent, valid_to=None)
		advance(consent, min_status("Consent", case.consent["status"], st.CONSENT_ACTIVE))
	application = insert(case.application, responsibility_group=None)
	if not case.group:
		advance(application, case.application["status"])
		return
	advance(application, st.APPLICATION_DECIDED)
	# The minutes' controller keeps the next meeting and the last review on the group (R13).
	group = insert(
		case.group, closed_date=None, closing_reason=None, next_meeting_date=None, last_annual_review=None
	)
	advance(group, min_status("Responsibility Group", case.kind, st.GROUP_APPROVED))
	advance(application, st.APPLICATION_APPOINTED, responsibility_group=group[1])
	member_status = min_status("Group Member", case.members[0]["status"], st.MEMBER_ACTIVE)
	members = [insert(member, to_date=None) for member in case.members]
	for member in members:
		advance(member, member_status)
	for minutes in case.minutes:
		advance(insert(minutes), minutes["status"])
	if case.kind in (st.GROUP_ACTIVE, st.GROUP_CLOSED):
		advance(group, st.GROUP_ACTIVE)
	if case.kind == st.GROUP_ACTIVE and case.group["has_individual_plan"]:
		frappe.get_doc(case.individual_plan()).insert(ignore_permissions=True)
	if case.kind == st.GROUP_CLOSED:
		advance(group, st.GROUP_CLOSED, closed_date=case.closed, closing_reason=case.group["closing_reason"])
		for member in members:
			advance(member, st.MEMBER_ENDED, to_date=case.closed)
		advance(application, st.APPLICATION_CLOSED)
		advance(consent, st.CONSENT_EXPIRED, valid_to=case.closed)


def insert(values: dict, **at_insert) -> tuple[str, str]:
	"""Insert ``values`` in the first status of its life cycle; ``at_insert`` overrides fields for now."""
	doctype = values["doctype"]
	doc = frappe.get_doc({**values, **at_insert})
	if doctype in LIFE_CYCLE:
		doc.status = LIFE_CYCLE[doctype][0]
	doc.insert(set_name=values["name"], set_child_names=False, ignore_permissions=True)
	return doctype, doc.name


def advance(key: tuple[str, str], status: str, **values):
	"""Move a saved document one status at a time to ``status``; ``values`` are set with the last step."""
	doctype, name = key
	chain = LIFE_CYCLE[doctype]
	current = frappe.db.get_value(doctype, name, "status")
	steps = chain[chain.index(current) + 1 : chain.index(status) + 1] if status in chain else (status,)
	for step in steps:
		doc = frappe.get_doc(doctype, name)
		doc.status = step
		if step == status:
			doc.update(values)
		doc.save(ignore_permissions=True)


def min_status(doctype: str, status: str, cap: str) -> str:
	"""``status``, or ``cap`` if ``status`` comes later in the life cycle."""
	chain = LIFE_CYCLE[doctype]
	return status if chain.index(status) <= chain.index(cap) else cap


# --- Writing in bulk -----------------------------------------------------------------------------------


class BulkWriter:
	"""Rows for many cases at once, written with multi-row INSERTs into each DocType's table."""

	def __init__(self):
		self.cases, self.rows = [], defaultdict(list)
		self.now, self.user = now_datetime(), frappe.session.user
		self.tables = {}  # doctype → (table fields, status → workflow state), looked up once

	def table_info(self, doctype: str):
		if doctype not in self.tables:
			fields = [(f.fieldname, f.options) for f in frappe.get_meta(doctype).get_table_fields()]
			self.tables[doctype] = (fields, workflow_states(doctype))
		return self.tables[doctype]

	def add_case(self, case: Case):
		self.cases.append(case)
		for doc in (case.person, case.consent, case.application, case.group, *case.members, *case.minutes):
			if doc:
				self.add(doc["doctype"], doc)

	def add(self, doctype: str, values: dict, parent: dict | None = None):
		table_fields, states = self.table_info(doctype)
		row = {
			"owner": self.user,
			"modified_by": self.user,
			"creation": self.now,
			"modified": self.now,
			"docstatus": 0,
			"idx": 0,
			**values,
		}
		if parent:
			row.update(parent)
		state = states.get(row.get("status"))
		if state:
			row[state[0]] = state[1]
		self.rows[doctype].append(row)
		for fieldname, child_doctype in table_fields:
			for idx, child in enumerate(values.get(fieldname) or [], 1):
				link = {"parent": values["name"], "parenttype": doctype, "parentfield": fieldname, "idx": idx}
				self.add(child_doctype, child, link)

	def flush(self):
		for doctype, rows in self.rows.items():
			columns, defaults, numbers = table_columns(doctype)
			values = [
				tuple(0 if c in numbers and row.get(c) is None else row.get(c, defaults[c]) for c in columns)
				for row in rows
			]
			insert_rows(doctype, columns, values)
		self.cases, self.rows = [], defaultdict(list)


def insert_rows(doctype: str, columns: list[str], values: list[tuple], chunk: int = 2000):
	"""One multi-row INSERT per ``chunk`` rows, the values escaped by the database driver.

	What ``frappe.db.bulk_insert`` does, without its query builder: that builds one term per value and
	took four fifths of a large demo's time (about 5x slower than this)."""
	head = f"insert into `tab{doctype}` ({', '.join(f'`{c}`' for c in columns)}) values "
	row = "(" + ", ".join(["%s"] * len(columns)) + ")"
	for start in range(0, len(values), chunk):
		part = values[start : start + chunk]
		frappe.db.sql(head + ", ".join([row] * len(part)), [value for line in part for value in line])


def table_columns(doctype: str) -> tuple[list[str], dict, set[str]]:
	"""The table's columns, the value a missing field gets (its default) and the numeric columns, which
	hold 0 rather than NULL, as the framework writes them."""
	columns = [c for c in frappe.db.get_table_columns(doctype) if not c.startswith("_")]
	defaults, numbers = dict.fromkeys(columns), {"docstatus", "idx"}
	for field in frappe.get_meta(doctype).fields:
		if field.fieldname not in defaults:
			continue
		if field.fieldtype in ("Check", "Int", "Float", "Currency", "Percent"):
			numbers.add(field.fieldname)
			defaults[field.fieldname] = cint(field.default)
		elif field.default and field.default != "Today":
			defaults[field.fieldname] = field.default
	return columns, defaults, numbers


def workflow_states(doctype: str) -> dict[str, tuple[str, str]]:
	"""status → (workflow state field, state) when the DocType has an active workflow that sets ``status``."""
	name = get_workflow_name(doctype)
	if not name:
		return {}
	workflow = frappe.get_cached_doc("Workflow", name)
	states = {}
	for row in workflow.states:
		if row.update_field == "status":
			states.setdefault(row.update_value, (workflow.workflow_state_field, row.state))
	return states


# --- Summary -------------------------------------------------------------------------------------------


def print_table(title: str, rows: list[tuple]):
	widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
	print(f"\n{title}:")
	for i, row in enumerate(rows):
		print("  " + "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
		if i == 0:
			print("  " + "  ".join("-" * w for w in widths))


def print_summary(users, generated_password: str | None, families=()):
	rows = [("E-mail", "Name", "Roles", "Unit")]
	rows += [(email, name, ", ".join(roles), unit or "") for email, name, _title, roles, unit in users]
	print_table(f"Demo users ({len(users)}), language Norwegian", rows)
	if families:
		rows = [("E-mail", "Name", "Acts as", "For service user")] + list(families)
		print_table(
			f"Family portal users ({len(families)}), log in at /login, then /mine-ansvarsgrupper", rows
		)
	if generated_password:
		print(f"\nPassword for every demo user (generated): {generated_password}")
	print("\nRecords:")
	for doctype in ("Service Unit", *DEMO_DOCTYPES):
		print(f"  {doctype:<22} {frappe.db.count(doctype):>8}")
	for label, doctype, field in (
		("groups by status", "Responsibility Group", "status"),
		("applications by status", "IP Application", "status"),
		("minutes by status", "Meeting Minutes", "status"),
		("minutes by type", "Meeting Minutes", "meeting_type"),
		("consents by status", "Consent", "status"),
	):
		counts = frappe.get_all(doctype, fields=[field, "count(*) as n"], group_by=field, order_by=field)
		print(f"  {label}: " + ", ".join(f"{c[field]} {c.n}" for c in counts))
