"""Row-level access to the app's records, as matched pairs.

For each DocType, ``*_query`` (hooked as ``permission_query_conditions``) filters lists, reports and
link searches, and ``*_permission`` (hooked as ``has_permission``) guards single documents. Both build
the same ``frappe.qb`` criterion over the record's table, so they cannot drift apart, and every user
value reaches SQL escaped by the query builder.

Who sees what (R5, and the guideline's roles):
- System Manager: everything.
- Coordinating Unit (KE): every IP Application, group and service user (R17); minutes, consents and
  members only like anyone else (as coordinator or member).
- Unit Leader: applications and groups their unit is responsible for (R2); the rest as a member.
- Coordinator: everything about the groups they coordinate.
- Individual plans (R18): like a group's members: its coordinator and covered members.
- Escalations (R14): the coordinator of the group, the unit leader the issue is raised to and the other
  unit leaders they brought in.
- Everyone else with a desk role: a group, its members and its approved minutes while an approved or
  active member of an open group whose consent in force covers their unit, and the call of a coming
  meeting they are invited to; draft minutes only as the minute-taker. Any of them registers an application (and the person it is for) on a person's
  behalf; it goes to KE, and they read it only while it waits for KE's decision (``keeps_what_they_registered``).

Query shape: each criterion is built over the record's own table, never as a subquery of that
table, in one of two shapes with the same meaning (``sees_group``). Per record: a subquery correlated on
(group, user), answered by one lookup in the index ``group_user_access``; a list page (``ORDER BY modified
DESC LIMIT 20``) walks the table's sort index and stops once the page is full, which suits a user who sees
many groups. For a user who sees few groups (``sees_few_groups``), their groups are collected first, a
semi-join MariaDB drives from their memberships, which spares walking the whole table for a page.
"""

import frappe
from frappe.query_builder import DocType, Field
from frappe.query_builder.functions import Count
from frappe.query_builder.terms import NamedParameterWrapper
from frappe.utils import getdate
from frappe.utils.caching import site_cache
from pypika.enums import JoinType
from pypika.queries import JoinOn
from pypika.terms import Case, Criterion, Term, ValueWrapper

from ansvarsgruppe.permissions import primary, registry
from ansvarsgruppe.rules import members as member_rules
from ansvarsgruppe.rules import status as st
from ansvarsgruppe.rules.applications import OTHER_FORM as OTHER_COLLABORATION

UNRESTRICTED_ROLE = registry.UNRESTRICTED
KE, UNIT_LEADER = registry.KE, registry.UNIT_LEADER
COORDINATOR = registry.COORDINATOR
LOCAL_ADMINISTRATOR, ARCHIVE = registry.LOCAL_ADMINISTRATOR, registry.ARCHIVE


def _unrestricted(user: str, extra_role: str | tuple[str, ...] | None = None) -> bool:
	roles = frappe.get_roles(user)
	extra = (extra_role,) if isinstance(extra_role, str) else extra_role or ()
	return user == "Administrator" or UNRESTRICTED_ROLE in roles or any(role in roles for role in extra)


def has_unrestricted_access(user: str) -> bool:
	"""Administrator and System Manager: every record, every action."""
	return _unrestricted(user)


def _led_units(user: str):
	unit = DocType("Service Unit").as_("perm_unit")
	return frappe.qb.from_(unit).select(unit.name).where(unit.unit_leader == user)


class _LeftJoinOnOuter(JoinOn):
	"""LEFT JOIN … ON a criterion that may name the record checked by the enclosing query. SQL allows such
	an outer reference in a correlated subquery's ON clause; pypika only checks for the subquery's own tables."""

	def __init__(self, item, criterion):
		super().__init__(item, JoinType.left, criterion)

	def validate(self, _from, _joins):
		pass


def _exists(query) -> Criterion:
	"""``EXISTS (query)`` for a subquery correlated with the record being checked, written as
	``(SELECT 1 … LIMIT 1) IS NOT NULL``: the same truth value, but MariaDB does not rewrite a scalar
	subquery. A correlated EXISTS it turns into IN (``exists_to_in``) and then materialises every group
	the user may see (thousands for a busy member) before the list's ORDER BY … LIMIT can stop early."""
	return query.select(1).limit(1).isnotnull()


def _from(field, day) -> Criterion:
	"""``field`` empty (open start) or on or before ``day``."""
	return field.isnull() | (field <= day)


def _until(field, day, inclusive: bool = True) -> Criterion:
	"""``field`` empty (open end) or on or after ``day`` (after it when not ``inclusive``)."""
	return field.isnull() | ((field >= day) if inclusive else (field > day))


def _memberships(user: str, group=None):
	"""The memberships through which ``user`` may see their group today (R5), as a query over Group Member
	(``perm_member``) and its group: ``group`` when given (the record checked, when it is the group itself:
	its own status and consent are read instead of joining the group again), else joined."""
	today = getdate()
	member = DocType("Group Member").as_("perm_member")
	consent = DocType("Consent").as_("perm_consent")
	partner = DocType("Consent Partner").as_("perm_partner")
	query = frappe.qb.from_(member)
	if group is None:
		group = DocType("Responsibility Group").as_("perm_group")
		query = query.join(group).on(group.name == member.group)
	consent_in_force = (
		(consent.name == group.consent)
		& (consent.status == st.CONSENT_ACTIVE)
		& (consent.valid_from <= today)
		& _until(consent.valid_to, today)
		& _until(consent.withdrawn_on, today, inclusive=False)
	)
	unit_covered = (
		(partner.parent == consent.name)
		& (partner.parenttype == "Consent")
		& (partner.service_unit == member.service_unit)
		& _until(partner.withdrawn_on, today, inclusive=False)
	)
	query.do_join(_LeftJoinOnOuter(consent, consent_in_force))  # in place, as pypika's own joins do
	query = query.left_join(partner).on(unit_covered)
	query = (
		query.where(member.user == user)
		.where(member.status.isin([st.MEMBER_APPROVED, st.MEMBER_ACTIVE]))
		.where(_from(member.from_date, today))
		.where(_until(member.to_date, today))
		.where(group.status != st.GROUP_CLOSED)
		.where(member.member_role.notin(member_rules.PROFESSIONAL_ROLES) | partner.name.isnotnull())
	)
	return query, member


def member_of(user: str, group_name: Term, group=None) -> Criterion:
	"""R5: ``user`` may see the group named ``group_name`` (a column of the record checked) as a member today:
	approved or active, within the membership period, the group open, and, for staff, their unit covered by
	the group's consent in force.

	One correlated subquery over joins, each an index lookup: the member by (group, user) in the index
	``group_user_access`` (which holds every column read here), the consent by name, the partner by
	(consent, unit). A partner row is found only if the consent is in force and covers the member's unit."""
	query, member = _memberships(user, group)
	return _exists(query.where(member.group == group_name))


def coordinated_groups(user: str):
	group = DocType("Responsibility Group").as_("perm_coordinated")
	return frappe.qb.from_(group).select(group.name).where(group.coordinator == user)


def visible_groups(user: str):
	"""The names of the groups ``user`` coordinates or may see as a member today (``member_of``'s memberships,
	collected), as a subquery MariaDB can flatten into a semi-join. The memberships are one range over the
	index ``user_group_access`` (user, status, …), which holds every column they are checked on."""
	coordinated = DocType("Responsibility Group").as_("perm_coordinated")
	memberships, member = _memberships(user)
	groups = (
		frappe.qb.from_(coordinated)
		.select(coordinated.name.as_("visible_group"))
		.where(coordinated.coordinator == user)
	) + memberships.select(member.group)
	visible = groups.as_("perm_visible")
	return frappe.qb.from_(visible).select(Field("visible_group", table=visible))


def sees_group(user: str, group_name: Term, few: bool = False, group=None) -> Criterion:
	"""``user`` coordinates the group named ``group_name`` or may see it as a member today (R5).

	One meaning, two shapes. Per record (``member_of``): a list walks its sort order and checks each record
	by index until the page is full, which suits a user who sees many groups. ``few``: the user's groups are
	collected first (``visible_groups``), a semi-join MariaDB drives from their memberships, which suits a
	user who sees few, for whom a page would mean walking most of the table. ``group``: the record checked
	when it is the group itself."""
	if few:
		return group_name.isin(visible_groups(user))
	if group is not None:
		coordinates = group.coordinator == user
	else:
		coordinates = group_name.isin(coordinated_groups(user))
	return coordinates | member_of(user, group_name, group=group)


# A page walked in sort order checks about 20 × groups / n records for a user who sees n groups; collecting
# their groups costs about n lookups, each some three times a walked record's (measured).
FEW_GROUPS_FACTOR = 8


@site_cache(maxsize=512)
def _sees_few_groups(user: str, day: str) -> bool:
	"""Whether ``user``'s memberships and coordinated groups are few (n² ≤ FEW_GROUPS_FACTOR × all groups).
	Counted once a day per user and worker: it chooses a query shape only; both shapes mean the same."""
	member, group = DocType("Group Member"), DocType("Responsibility Group")
	memberships = (
		frappe.qb.from_(member)
		.select(Count("*"))
		.where(member.user == user)
		.where(member.status.isin([st.MEMBER_APPROVED, st.MEMBER_ACTIVE]))
	)
	coordinated = frappe.qb.from_(group).select(Count("*")).where(group.coordinator == user)
	groups = frappe.qb.from_(group).select(Count("*"))
	[(n_member, n_coordinated, n_groups)] = frappe.qb.select(
		memberships.as_("memberships"), coordinated.as_("coordinated"), groups.as_("groups")
	).run()
	n = (n_member or 0) + (n_coordinated or 0)
	return n * n <= FEW_GROUPS_FACTOR * (n_groups or 0)


def sees_few_groups(user: str) -> bool:
	"""Whether lists are filtered for ``user`` by collecting their groups first (``sees_group``); not for a
	Unit Leader, who also sees every group of their units."""
	if UNIT_LEADER in frappe.get_roles(user):
		return False
	return _sees_few_groups(user, str(getdate()))


# Criteria over each DocType's own table -------------------------------------------------------------


def group_criterion(table, user: str, few: bool = False) -> Criterion:
	criterion = sees_group(user, table.name, few, group=table)
	if UNIT_LEADER in frappe.get_roles(user):
		criterion |= table.responsible_unit.isin(_led_units(user))
	return criterion


def member_criterion(table, user: str, few: bool = False) -> Criterion:
	return sees_group(user, table.group, few)


def invited_to_coming_call(user: str, minutes_name: Term) -> Criterion:
	"""``user`` is on the invitees of the meeting named ``minutes_name`` as stored, and it is a call still
	coming: invited (no minutes written yet), on or after today. Judged on the stored meeting, never on
	values sent with it (the invitees name the user, as a minute-taker does)."""
	participant = DocType("Meeting Participant").as_("perm_invitee")
	called = DocType("Meeting Minutes").as_("perm_call")
	query = (
		frappe.qb.from_(participant)
		.join(called)
		.on(called.name == participant.parent)
		.where(participant.parent == minutes_name)
		.where(participant.parenttype == "Meeting Minutes")
		.where(participant.parentfield == "participants")
		.where(participant.user == user)
		.where(called.status == st.MINUTES_INVITED)
		.where(called.meeting_date >= getdate())
	)
	return _exists(query)


def minutes_criterion(table, user: str, few: bool = False) -> Criterion:
	"""The coordinator's minutes, and for a member: final minutes, draft ones as their minute-taker, and the
	call of a coming meeting they are invited to (its date, time, place and agenda; no minutes are written
	before the meeting). Written as (coordinator or member) and (coordinator or readable as a member),
	which is the same."""
	readable_as_member = (
		table.status.isin(list(st.MINUTES_FINAL))
		| (table.minute_taker == user)
		| invited_to_coming_call(user, table.name)
	)
	return sees_group(user, table.group, few) & (
		table.group.isin(coordinated_groups(user)) | readable_as_member
	)


def coordinated_service_users(user: str, open_only: bool = True):
	"""The service users of the groups ``user`` coordinates (open ones only, unless ``open_only`` is off)."""
	group = DocType("Responsibility Group").as_("perm_coordinated_person")
	query = frappe.qb.from_(group).select(group.service_user).where(group.coordinator == user)
	return query.where(group.status != st.GROUP_CLOSED) if open_only else query


def consent_criterion(table, user: str, few: bool = False) -> Criterion:
	"""The consents of the people whose open groups ``user`` coordinates, the consent a group they coordinate
	rests on (also once it is closed), and consents they registered or received. A closed group's
	coordinator does not read the person's later consents."""
	group = DocType("Responsibility Group").as_("perm_consent_group")
	own_groups_consents = frappe.qb.from_(group).select(group.consent).where(group.coordinator == user)
	return (
		table.service_user.isin(coordinated_service_users(user))
		| table.name.isin(own_groups_consents)
		| (table.owner == user)
		| (table.received_by == user)
	)


def keeps_what_they_registered(user: str) -> bool:
	"""KE and coordinators go on reading the applications and people they registered; other staff who
	register one on a person's behalf read it only while it waits for KE, then as their other roles allow."""
	return bool({KE, COORDINATOR} & set(frappe.get_roles(user)))


def _undecided_application_of(user: str):
	"""The people with an application ``user`` registered that KE has not decided on yet."""
	application = DocType("IP Application").as_("perm_registered_application")
	return (
		frappe.qb.from_(application)
		.select(application.service_user)
		.where(application.owner == user)
		.where(application.status == st.APPLICATION_RECEIVED)
	)


def _decided_application():
	"""The people with an application KE has acted on."""
	application = DocType("IP Application").as_("perm_decided_application")
	return (
		frappe.qb.from_(application)
		.select(application.service_user)
		.where(application.status != st.APPLICATION_RECEIVED)
		.where(application.service_user.isnotnull())
	)


def registered_person(table, user: str) -> Criterion:
	"""The people ``user`` registered, as long as they keep them (``keeps_what_they_registered``)."""
	registered = table.owner == user
	if not keeps_what_they_registered(user):
		registered &= table.name.isin(_undecided_application_of(user)) | table.name.notin(
			_decided_application()
		)
	return registered


def application_criterion(table, user: str, few: bool = False) -> Criterion:
	registered = table.owner == user
	if not keeps_what_they_registered(user):
		registered &= table.status == st.APPLICATION_RECEIVED
	criterion = (table.appointed_coordinator == user) | (table.proposed_coordinator == user) | registered
	if UNIT_LEADER in frappe.get_roles(user):
		criterion |= table.responsible_unit.isin(_led_units(user))
	return criterion


def service_user_criterion(table, user: str, few: bool = False) -> Criterion:
	"""The people of the open groups ``user`` may see, people they registered, people they are coordinator for
	without a group, and for a Unit Leader the people of the applications their units are responsible for.
	Nobody keeps reading a person's record through a closed group."""
	group = DocType("Responsibility Group").as_("perm_user_group")
	visible_groups = (
		frappe.qb.from_(group)
		.select(group.service_user)
		.where(group_criterion(group, user, few))
		.where(group.status != st.GROUP_CLOSED)
	)
	criterion = (
		table.name.isin(visible_groups)
		| registered_person(table, user)
		| table.name.isin(_coordinated_without_group(user))
	)
	if UNIT_LEADER in frappe.get_roles(user):
		# R2: the leader of the unit an application was sent to reads whom it is for, to appoint the coordinator
		application = DocType("IP Application").as_("perm_user_application")
		criterion |= table.name.isin(
			frappe.qb.from_(application)
			.select(application.service_user)
			.where(application.responsible_unit.isin(_led_units(user)))
		)
	return criterion


def _coordinated_without_group(user: str):
	"""The people ``user`` is coordinator for under another form of collaboration than a group (R2): the
	application that appointed them is in force and made no group."""
	application = DocType("IP Application").as_("perm_user_collaboration")
	return (
		frappe.qb.from_(application)
		.select(application.service_user)
		.where(application.appointed_coordinator == user)
		.where(application.status == st.APPLICATION_APPOINTED)
		.where(application.collaboration_form == OTHER_COLLABORATION)
		.where(application.responsibility_group.isnull() | (application.responsibility_group == ""))
	)


def plan_criterion(table, user: str, few: bool = False) -> Criterion:
	"""Individual Plan (R18): like the group's details, the coordinator and covered members (R5). A plan
	without a group: the coordinator named on it while still the one appointed through its application,
	and KE, which keeps the overview of coordinators (R17); the family reads it in the portal."""
	criterion = member_criterion(table, user, few) | (
		_appointed_for_plan_without_group(table, user) & (table.coordinator == user)
	)
	if KE in frappe.get_roles(user):
		criterion |= _without_group(table)
	return criterion


def _without_group(table) -> Criterion:
	return table.group.isnull() | (table.group == "")


def _appointed_for_plan_without_group(table, user: str) -> Criterion:
	"""``user`` is the coordinator appointed through the application a plan without a group rests on (the
	plan's controller names them on the plan)."""
	application = DocType("IP Application").as_("perm_plan_application")
	appointed = (
		frappe.qb.from_(application).select(application.name).where(application.appointed_coordinator == user)
	)
	return _without_group(table) & table.ip_application.isin(appointed)


def _brought_in(table, user: str) -> Criterion:
	"""R14: ``user`` is one of the other unit leaders the escalation's unit leader brought in."""
	leader = DocType("Escalation Leader").as_("perm_escalation_leader")
	return _exists(
		frappe.qb.from_(leader)
		.where(leader.parent == table.name)
		.where(leader.parenttype == "Escalation")
		.where(leader.unit_leader == user)
	)


def escalation_criterion(table, user: str, few: bool = False) -> Criterion:
	return table.group.isin(coordinated_groups(user)) | (table.unit_leader == user) | _brought_in(table, user)


def _everything() -> Criterion:
	return ValueWrapper(1) == 1


def archive_package_criterion(table, user: str, few: bool = False) -> Criterion:
	"""R19: a group's archive packages: its coordinator and the Local Administrator (and, by role, Archive
	staff, who read packages but no live record); a plan without a group's: its coordinator."""
	if LOCAL_ADMINISTRATOR in frappe.get_roles(user):
		return _everything()
	return table.group.isin(coordinated_groups(user)) | table.individual_plan.isin(
		_coordinated_plans_without_group(user)
	)


def _coordinated_plans_without_group(user: str):
	"""The plans without a group ``user`` coordinates (named on the plan and appointed through its
	application)."""
	plan = DocType("Individual Plan").as_("perm_package_plan")
	return (
		frappe.qb.from_(plan)
		.select(plan.name)
		.where(_appointed_for_plan_without_group(plan, user) & (plan.coordinator == user))
	)


def reopening_criterion(table, user: str, few: bool = False) -> Criterion:
	"""R16: the reopenings of a group: its coordinator and the Local Administrator (KE by role)."""
	if LOCAL_ADMINISTRATOR in frappe.get_roles(user):
		return _everything()
	return table.group.isin(coordinated_groups(user))


def correction_criterion(table, user: str, few: bool = False) -> Criterion:
	"""R11, R18: who corrected a group's record, when and why: whoever may see the group (R5)."""
	return sees_group(user, table.group, few)


def message_criterion(table, user: str, few: bool = False) -> Criterion:
	"""Group Message (R5): the group's conversation, read by its coordinator and the members with access
	today (approved or active, within their period, their unit covered); a message the family sent to the
	coordinator only (and the coordinator's answer to it) by the coordinator alone among the staff; a
	withdrawn message by its sender and the coordinator (R19). A Unit Leader or KE reads it only as a
	member."""
	coordinator = table.group.isin(coordinated_groups(user))
	return (
		sees_group(user, table.group, few)
		& ((table.only_to_coordinator == 0) | coordinator)
		& ((table.withdrawn == 0) | (table.sender == user) | coordinator)
	)


def family_voice_criterion(table, user: str, few: bool = False) -> Criterion:
	"""Meeting Response, Agenda Proposal and Plan Proposal (R5, R24): what the family tells the group before a
	meeting or about its draft plan is read by the group's coordinator and the members the consent covers
	today, like the group itself (the family reads its own through the portal, ``api/voice.py``,
	``www/individuell_plan.py``)."""
	return sees_group(user, table.group, few)


def nobody(table, user: str, few: bool = False) -> Criterion:
	"""Bookkeeping no user reads or changes through the framework (only System Manager), and the logs the
	app writes itself (``ansvarsgruppe/archive/log.py``), which no user changes."""
	return ValueWrapper(1) == 0


# Who changes (write, delete) a record, judged on its values ------------------------------------------------


def coordinates(user: str, group_name: Term) -> Criterion:
	return group_name.isin(coordinated_groups(user))


def group_change(table, user: str) -> Criterion:
	"""The group's coordinator, and the leader of its responsible unit (who approves it and appoints the
	coordinator, R2). Nobody else, whatever their roles."""
	criterion = table.coordinator == user
	if UNIT_LEADER in frappe.get_roles(user):
		criterion |= table.responsible_unit.isin(_led_units(user))
	return criterion


def group_part_change(table, user: str) -> Criterion:
	"""Members, individual plans and escalations of a group: its coordinator only (R3, R18, R14)."""
	return coordinates(user, table.group)


def plan_change(table, user: str) -> Criterion:
	"""The group's coordinator; for a plan without a group, the coordinator appointed through its application
	(R2, R18)."""
	return coordinates(user, table.group) | _appointed_for_plan_without_group(table, user)


def minutes_change(table, user: str) -> Criterion:
	"""The coordinator; a minute-taker who may see the group, while the minutes are invited or a draft."""
	writes_draft = (
		(table.minute_taker == user)
		& table.status.isin([st.MINUTES_INVITED, st.MINUTES_DRAFT])
		& member_of(user, table.group)
	)
	return coordinates(user, table.group) | writes_draft


def consent_change(table, user: str) -> Criterion:
	"""The coordinator of the person's open group; KE for the consents it registered or received."""
	criterion = table.service_user.isin(coordinated_service_users(user))
	if KE in frappe.get_roles(user):
		criterion |= (table.owner == user) | (table.received_by == user)
	return criterion


def consent_create(table, user: str) -> Criterion:
	"""A consent is registered by the coordinator of the person's open group, by KE, or by whoever
	registered the person (before any group exists)."""
	person = DocType("Service User").as_("perm_consent_person")
	registered = frappe.qb.from_(person).select(person.name).where(person.owner == user)
	criterion = table.service_user.isin(coordinated_service_users(user)) | table.service_user.isin(registered)
	if KE in frappe.get_roles(user):
		criterion |= table.service_user.isnotnull()
	return criterion


def application_change(table, user: str) -> Criterion:
	"""KE (every application, by role); the leader of the responsible unit (R2); whoever registered it
	while it waits for KE's decision."""
	criterion = (table.owner == user) & (table.status == st.APPLICATION_RECEIVED)
	if UNIT_LEADER in frappe.get_roles(user):
		criterion |= table.responsible_unit.isin(_led_units(user))
	return criterion


def service_user_change(table, user: str) -> Criterion:
	"""KE (by role), the coordinator of the person's open group, and whoever registered the person."""
	return table.name.isin(coordinated_service_users(user)) | registered_person(table, user)


def escalation_change(table, user: str) -> Criterion:
	"""The group's coordinator, the unit leader the issue is raised to and the other unit leaders they
	brought in (who answer it, R14)."""
	return coordinates(user, table.group) | (table.unit_leader == user) | _brought_in(table, user)


def anyone_with_the_role(table, user: str) -> Criterion:
	return _everything()


def message_create(table, user: str) -> Criterion:
	"""A message is written by whoever takes part in the group's conversation (R5); nobody changes or
	deletes one through the framework (the sender withdraws it through ``withdraw_message``)."""
	return sees_group(user, table.group)


def takes_part(user: str, group: str) -> bool:
	"""``user`` (staff) coordinates ``group`` or may see it as a member today (R5)."""
	if has_unrestricted_access(user):
		return bool(frappe.db.exists("Responsibility Group", group))
	return _holds(sees_group(user, ValueWrapper(group)))


# doctype: (criterion, role that sees every record besides System Manager), from the registry.
RULES = {
	doctype: (globals()[protected.read], protected.all_reader)
	for doctype, protected in registry.PROTECTED.items()
}


class Change:
	"""Who changes a DocType's records: ``change`` judges a record's values (as stored before a write or a
	delete, and as sent), ``create`` a new record's; ``all_role`` changes every record besides System
	Manager. ``self_fields`` name the user and so grant access by themselves: a document not as stored
	(new, or sent by the client with other values) is read without them."""

	def __init__(self, change, create=None, all_role=None, self_fields=()):
		self.change, self.create, self.all_role, self.self_fields = (
			change,
			create or change,
			all_role,
			self_fields,
		)


CHANGES = {
	doctype: Change(
		globals()[protected.change],
		create=globals()[protected.create] if protected.create else None,
		all_role=protected.all_changer,
		self_fields=protected.self_fields,
	)
	for doctype, protected in registry.PROTECTED.items()
}


def query_conditions(doctype: str, user: str | None) -> str:
	"""The criterion over the list query's own table (``tabDocType``), not a subquery of it, in the shape
	that suits the user (``sees_group``)."""
	user = user or frappe.session.user
	criterion, all_seeing_role = RULES[doctype]
	if _unrestricted(user, all_seeing_role):
		return ""
	# The text depends only on these (the criteria read the date and the Unit Leader role, nothing stored).
	day, roles = str(getdate()), frappe.get_roles(user)
	unit_leader = UNIT_LEADER in roles
	few = not unit_leader and _sees_few_groups(user, day)  # as sees_few_groups, the day and roles read once
	return _condition_sql(doctype, user, day, unit_leader, few, KE in roles)


@site_cache(maxsize=512)
def _condition_sql(doctype: str, user: str, day: str, unit_leader: bool, few: bool, ke: bool = False) -> str:
	"""Built once per site, DocType, user, day, roles read (Unit Leader, KE) and shape: a list call only
	looks it up (building and rendering the query cost more than running it). User values are bound as
	parameters and escaped by the database driver (``frappe.db.mogrify``)."""
	params = NamedParameterWrapper()
	sql = RULES[doctype][0](DocType(doctype), user, few).get_sql(
		quote_char="`", with_namespace=True, subquery=True, param_wrapper=params
	)
	return f"({frappe.db.mogrify(sql, params.get_parameters())})"


# What only reads a record; every other permission type changes it (write, create, delete, share, …).
READ_PTYPES = ("read", "print", "email", "export", "report", "select")


class _Values:
	"""A document's values as SQL literals in the place of its table's columns, so that a criterion built
	over the table judges a document as sent (not, or not so, in the database) with the same logic."""

	def __init__(self, values: dict):
		self._values = values

	def __getattr__(self, fieldname: str):
		if fieldname.startswith("_"):
			raise AttributeError(fieldname)
		return ValueWrapper(self._values.get(fieldname))


def _holds(criterion: Criterion) -> bool:
	return bool(frappe.qb.select(Case().when(criterion, 1).else_(0)).run()[0][0])


@site_cache
def _decision_fields(doctype: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
	"""The columns a decision reads (besides ``name``), and the protected records the DocType links to."""
	meta = frappe.get_meta(doctype)
	links = tuple(
		df.fieldname for df in meta.get_link_fields() if df.options in RULES and df.fieldtype == "Link"
	)
	fields = {"owner", *links, *CHANGES[doctype].self_fields}
	for fieldname in (
		"status",
		"coordinator",
		"responsible_unit",
		"minute_taker",
		"received_by",
		"unit_leader",
		"appointed_coordinator",
		"proposed_coordinator",
		"only_to_coordinator",
		"withdrawn",
		"sender",
	):
		if meta.has_field(fieldname):
			fields.add(fieldname)
	return tuple(sorted(fields)), links


def _same(a, b) -> bool:
	return (None if a in (None, "") else str(a)) == (None if b in (None, "") else str(b))


def _readable_link(doctype: str, name: str, user: str) -> bool:
	"""The stored record ``name`` of ``doctype`` is one ``user`` may read (its row as stored decides)."""
	criterion, all_seeing_role = RULES[doctype]
	if _unrestricted(user, all_seeing_role):
		return bool(frappe.db.exists(doctype, name))
	table = DocType(doctype).as_("perm_link")
	return bool(
		frappe.qb.from_(table)
		.select(table.name)
		.where(table.name == name)
		.where(criterion(table, user))
		.run()
	)


def _links_readable(doc, links, user: str) -> bool:
	"""Every protected record a document names is one the user may read: a document sent by the client
	reaches nothing beyond what the user may see anyway."""
	meta = frappe.get_meta(doc.doctype)
	return all(_readable_link(meta.get_field(f).options, doc.get(f), user) for f in links if doc.get(f))


def has_record_permission(doc, user: str | None, ptype: str | None = None) -> bool | None:
	"""The single-document half of each pair (R5), decided on the document's own values for ``ptype``.

	Read: a document as stored (every value a decision reads is the stored one) is judged by its row; any
	other (new, unsaved, or sent with other values) by its values without the ones naming the user, and only
	if every protected record it links to is one the user may read. Create: the DocType's ``create``
	criterion on the new values and readable links. Write: ``change`` on the stored values and on the new
	ones (``create`` when a link to a protected record changed). Delete: ``change`` on the stored values."""
	user = user or frappe.session.user
	doctype = doc.doctype
	ptype = ptype or "read"
	reading = ptype in READ_PTYPES
	if _unrestricted(user, RULES[doctype][1] if reading else CHANGES[doctype].all_role):
		return None
	fields, _links = _decision_fields(doctype)
	values = {"name": doc.name, **{f: doc.get(f) for f in fields}}
	if not (reading and doc.name):
		return _decide(doc, user, ptype, values)
	decisions = _read_decisions()
	key = (doctype, user, *(None if v in (None, "") else str(v) for v in values.values()))
	if key not in decisions:
		decisions[key] = _decide(doc, user, ptype, values)
	return decisions[key]


def _decide(doc, user: str, ptype: str, values: dict) -> bool:
	doctype = doc.doctype
	criterion = RULES[doctype][0]
	rules = CHANGES[doctype]
	reading = ptype in READ_PTYPES
	fields, links = _decision_fields(doctype)
	stored = None
	if doc.name and ptype != "create":
		table = DocType(doctype).as_("perm_record")
		judged = criterion(table, user) if reading else rules.change(table, user)
		rows = (  # one record: checked by lookups (the per-record shape)
			frappe.qb.from_(table)
			.select(
				Case().when(judged, 1).else_(0).as_("perm_allowed"), *[Field(f, table=table) for f in fields]
			)
			.where(table.name == doc.name)
			.run(as_dict=True)
		)
		stored = rows[0] if rows else None
	if stored is not None:
		as_stored = all(_same(values[f], stored[f]) for f in fields)
		if reading and as_stored:
			return bool(stored.perm_allowed)
		if not reading:
			if not stored.perm_allowed:
				return False
			if ptype == "delete" or as_stored:
				return True
			if all(_same(values[f], stored[f]) for f in links):
				return _holds(rules.change(_Values(values), user))
	if reading:
		unsaved = {**values, **{f: None for f in rules.self_fields}}
		return _links_readable(doc, links, user) and _holds(criterion(_Values(unsaved), user))
	new = {**values, "owner": values.get("owner") if stored is not None else user}
	return _links_readable(doc, links, user) and _holds(rules.create(_Values(new), user))


def _read_decisions() -> dict:
	"""The read decisions taken in this transaction since its last write: a form's load asks the same
	question several times (the read itself, the permissions and shares of its side panel). Any write,
	commit or rollback forgets them, so a decision never outlives the rows it read."""
	memo = getattr(frappe.local, "ansvarsgruppe_read_decisions", None)
	writes = frappe.db.transaction_writes
	if memo is None:
		memo = frappe.local.ansvarsgruppe_read_decisions = {"writes": writes, "decisions": {}}
		frappe.db.after_commit.add(_forget_read_decisions)
		frappe.db.after_rollback.add(_forget_read_decisions)
	elif memo["writes"] != writes:
		memo["writes"], memo["decisions"] = writes, {}
	return memo["decisions"]


def _forget_read_decisions():
	frappe.local.ansvarsgruppe_read_decisions = None


# The hooked pair ----------------------------------------------------------------------------------------
# hooks.py points ``permission_query_conditions`` and ``has_permission`` of every DocType in ``RULES`` at
# these two: the same criterion (``RULES``), as a list query and for one document. The plan is read by
# whoever may read it and changed only by its group's coordinator (R18; the person responsible for a
# measure reports through ``update_my_measure``); a message is never changed or deleted once sent (R5).


@primary.refuses_on_replica
def record_query(user=None, doctype=None):
	"""``permission_query_conditions`` for ``doctype`` (Frappe passes it)."""
	return query_conditions(doctype, user)


@primary.decides_on_primary
def record_permission(doc, ptype=None, user=None, debug=False):
	"""``has_permission`` for a document of any DocType in ``RULES``."""
	return has_record_permission(doc, user, ptype)
