"""One demo case: every value of the person, consent, application, group and members, seeded by its number."""

import datetime
import random

from stdnum.no import fodselsnummer

from ansvarsgruppe.demo.data import (
	BOYS,
	CASE_PATTERN,
	CLOSING_REASONS,
	GIRLS,
	GROUP_STATUSES,
	MEN,
	PROFILE_WEIGHTS,
	PROFILES,
	REJECTION_REASONS,
	STREETS,
	SURNAMES,
	WOMEN,
)
from ansvarsgruppe.demo.meetings import Meetings
from ansvarsgruppe.demo.municipality import Town, email_for
from ansvarsgruppe.demo.names import Names
from ansvarsgruppe.rules import applications, child_coordinator, national_id, representation
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.dates import add_months, is_minor

# --- One case ------------------------------------------------------------------------------------------


class Case(Meetings):
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
		self.covered, self.members, self.minutes, self.plan = [], [], [], None
		# R1, R4: the first active group of a run is a person who just came of age; the consent a parent
		# signed no longer speaks for them, and they are asked to consent themselves.
		self.came_of_age = self.kind == st.GROUP_ACTIVE and not town.came_of_age_shown
		town.came_of_age_shown = town.came_of_age_shown or self.came_of_age
		self.adult_on = None
		self.plan_dates()
		self.make_person()
		self.make_consent()
		self.make_application()
		if self.has_group:
			self.make_group()
			self.make_members()
			self.make_minutes()
			self.finish_group()
			if self.kind == st.GROUP_ACTIVE and self.group["has_individual_plan"]:
				self.plan = self.individual_plan()

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
		if self.came_of_age:
			self.profile = "youth"
		(low, high), self.responsible_units, self.partner_units, self.needs = PROFILES[self.profile]
		age = rng.randint(low, high)
		birth = today - datetime.timedelta(days=age * 365 + rng.randint(30, 330))
		birth = min(birth, self.received - datetime.timedelta(days=180))  # born before anyone applied
		if self.came_of_age:
			self.adult_on = today - datetime.timedelta(days=1 + self.k % 5)
			birth = add_months(self.adult_on, -12 * self.town.age_limit)
		self.female = rng.random() < 0.5
		surname = rng.choice(SURNAMES)
		minor = is_minor(birth, today, self.town.age_limit)
		child = minor or self.came_of_age  # the family of a child, who just came of age
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
			"email": None if minor else email_for(self.full_name, f".{self.k}"),
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
			base += fodselsnummer.calc_check_digit1(base)
			base += fodselsnummer.calc_check_digit2(base)
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
		valid_to = self.closed
		if self.came_of_age:  # signed by a parent: it ends the day before the person comes of age
			status, valid_to = st.CONSENT_EXPIRED, self.adult_on - datetime.timedelta(days=1)
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
			"valid_to": valid_to,
			"case_description": "Samordning av tjenester fra " + ", ".join(self.covered) + ".",
			"partners": self.named_rows(name, partners),
			"reservations": rng.choice((None, None, "Opplysninger om foreldrenes økonomi skal ikke deles.")),
			"signed_by_kind": kind,
			"signed_by_relation": relation,
			"signed_by_name": signer,
			"signed_date": self.signed,
			"received_by": self.town.coordinator[self.responsible_unit],
			"received_by_unit": self.responsible_unit,
			# "Husk å gjennomgå samtykkeskjemaet før det signeres" (004)
			"reviewed_with_signer": 1,
			"reviewed_by": self.town.coordinator[self.responsible_unit],
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
			# R2: the responsible unit's leader appoints a coordinator of that unit, and a group is set up.
			"coordinator_unit": self.responsible_unit if self.has_group else None,
			"collaboration_form": "Responsibility Group",
			"appointed_by": self.town.leader.get(unit) if self.has_group else None,
			"appointed_on": self.decided if self.has_group else None,
			"outcome": f"Innvilget. {unit} har koordinatoransvaret." if unit else None,
			"rejection_reason": rng.choice(REJECTION_REASONS) if status == st.APPLICATION_REJECTED else None,
			"consent": self.consent["name"] if self.consent else None,
			**self.child_coordinator_asked(),
		}

	def child_coordinator_asked(self) -> dict:
		"""R2: families of young children with a group ask for a child coordinator, and KE finds the law's
		conditions met (serious illness or disability, long-term and varied services)."""
		child = self.decided and is_minor(self.person["birth_date"], self.decided, self.town.age_limit)
		asks = self.has_group and child and (self.profile == "toddler" or self.k % 2 == 0)
		return dict.fromkeys(
			("asks_child_coordinator", "serious_condition", "long_term_varied_services"), int(asks)
		)

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
			"consent_reservations": self.consent["reservations"],
			"ip_application": self.application["name"],
			"has_individual_plan": int(self.application["applied_for"] != applications.COORDINATOR),
			"child_coordinator": int(
				child_coordinator.grants_child_coordinator(self.application, self.person["birth_date"])
			),
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
			# R2: the leader of the responsible unit appointed the coordinator when the application was decided
			"coordinator_appointments": self.named_rows(
				name,
				[
					{
						"coordinator": self.coordinator,
						"coordinator_name": self.town.staff[self.coordinator][0],
						"appointed_by": self.town.leader[self.responsible_unit],
						"appointed_on": datetime.datetime.combine(self.decided, datetime.time(10)),
						"ip_application": self.application["name"],
					}
				],
			),
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
