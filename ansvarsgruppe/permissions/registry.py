"""Who may do what: the app's one registry of roles, protected DocTypes and roads.

Plain data, no frappe import. Deny by default: a request of a user without System Manager takes a road
only if the road is here, for one of the user's audiences, and its guard (``permissions/guards.py``) passes
the request's arguments. Everything else answers 403 before Frappe runs it (``permissions/gate.py``, the
``before_request`` hook), for guests too.

- ``PROTECTED``: the DocTypes whose rows follow the app's access rules (``permissions/records.py`` names the
  criteria), with the child tables that follow their parent, the DocTypes the portal shows, and the app's
  own DocTypes that hold no personal data (``UNPROTECTED``).
- ``METHODS``: whitelisted methods (Frappe's and the app's) by the name the client calls, with who may call
  them and the guard that checks their arguments. ``DOC_METHODS``: document methods (``run_doc_method``).
- ``RESOURCES``: ``/api/resource/<DocType>`` by verb.
- ``PAGES``: the website's routes (desk, portal, log-in) by audience.
- ``CLOSED``: whitelisted methods decided closed (``closed_roads.txt``); the enumeration test fails on a
  whitelisted method in neither list, so a Frappe upgrade that adds one waits for a decision.

Adding a DocType, an endpoint or a page is one edit here; the hooks, the gate, the files rule, message
readership, the portal's website permission, ``docs/security.md`` and the attack suite read it.
"""

from dataclasses import dataclass
from pathlib import Path

# Roles -----------------------------------------------------------------------------------------------

UNRESTRICTED = "System Manager"
KE = "Coordinating Unit"
UNIT_LEADER = "Unit Leader"
COORDINATOR = "Coordinator"
PARTICIPANT = "Group Participant"
# the municipality's own administrator of the tool: archives groups, reopens closed ones (R16, R19)
LOCAL_ADMINISTRATOR = "Local Administrator"
# archive staff: read the groups' archive packages, never the live records (R19)
ARCHIVE = "Archive"
PORTAL_ROLE = "Family Portal User"
DESK_ROLES = (KE, UNIT_LEADER, COORDINATOR, PARTICIPANT, LOCAL_ADMINISTRATOR, ARCHIVE)

# Audiences: who a road is open to. System Manager and Administrator take every road.
GUEST = "guest"  # everybody, logged in or not
USER = "user"  # every logged-in user
STAFF = "staff"  # a user with one of DESK_ROLES (the desk)
PORTAL = "portal"  # a user with PORTAL_ROLE and no desk role (the family portal)
AUDIENCES = (GUEST, USER, STAFF, PORTAL)


def audiences_of(roles, user: str) -> frozenset[str]:
	"""The audiences of a user with ``roles`` (``user`` "Guest" is a guest only)."""
	if user == "Guest":
		return frozenset({GUEST})
	found = {GUEST, USER}
	if any(role in DESK_ROLES for role in roles):
		found.add(STAFF)
	elif PORTAL_ROLE in roles:
		found.add(PORTAL)
	return frozenset(found)


def is_unrestricted(roles, user: str) -> bool:
	return user == "Administrator" or UNRESTRICTED in roles


# Protected DocTypes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Protected:
	"""A DocType whose rows follow the app's access rules. ``read`` and ``change``/``create`` name the
	criteria in ``permissions/records.py``; ``all_reader`` (a role, or a tuple of roles) reads every record,
	``all_changer`` changes every record (besides System Manager); ``self_fields`` name the user and so grant
	access by themselves; ``website``: the portal shows its records (``portal/permissions.py``)."""

	read: str
	change: str
	create: str | None = None
	all_reader: str | tuple[str, ...] | None = None
	all_changer: str | None = None
	self_fields: tuple[str, ...] = ()
	website: bool = False


PROTECTED = {
	"Responsibility Group": Protected(
		"group_criterion",
		"group_change",
		# the Local Administrator opens every group read-only, for its Reopen and Archive buttons (R16, R19)
		all_reader=(KE, LOCAL_ADMINISTRATOR),
		self_fields=("coordinator",),
		website=True,
	),
	"Group Member": Protected("member_criterion", "group_part_change"),
	"Meeting Minutes": Protected(
		"minutes_criterion",
		"minutes_change",
		create="group_part_change",
		self_fields=("minute_taker",),
		website=True,
	),
	"Consent": Protected(
		"consent_criterion",
		"consent_change",
		create="consent_create",
		self_fields=("owner", "received_by"),
		website=True,
	),
	"IP Application": Protected(
		"application_criterion",
		"application_change",
		create="anyone_with_the_role",
		all_reader=KE,
		all_changer=KE,
		self_fields=("owner", "appointed_coordinator", "proposed_coordinator"),
		website=True,
	),
	"Service User": Protected(
		"service_user_criterion",
		"service_user_change",
		create="anyone_with_the_role",
		all_reader=KE,
		all_changer=KE,
		self_fields=("owner",),
		website=True,
	),
	"Escalation": Protected(
		"escalation_criterion", "escalation_change", create="group_part_change", self_fields=("unit_leader",)
	),
	"Individual Plan": Protected("plan_criterion", "plan_change", website=True),
	"Group Message": Protected("message_criterion", "nobody", create="message_create"),
	"Group Message Read": Protected("nobody", "nobody"),
	"Message Notice": Protected("nobody", "nobody"),
	"Archive Package": Protected("archive_package_criterion", "nobody", all_reader=ARCHIVE),
	"Group Reopening": Protected("reopening_criterion", "nobody", all_reader=KE),
	"Record Correction": Protected("correction_criterion", "nobody"),
	# the family's answers to an invitation and their proposed agenda items (R24): written through the portal's
	# endpoints, decided by the coordinator through the minutes (``answer_proposal``)
	"Meeting Response": Protected("family_voice_criterion", "nobody"),
	"Agenda Proposal": Protected("family_voice_criterion", "nobody"),
	# the family's proposed goals and comments on a draft plan (R24): written through the portal's endpoints,
	# answered by the plan's coordinator (``api.plan_voice.answer_plan_proposal``)
	"Plan Proposal": Protected("family_voice_criterion", "nobody"),
}

# Child tables of the protected DocTypes: read through their parent record only.
CHILD_TABLES = (
	"Service User Relation",
	"Consent Partner",
	"Group Transition",
	"Plan Goal",
	"Plan Measure",
	"Plan Evaluation",
	"Meeting Participant",
	"Meeting Agenda Item",
	"Meeting Measure Update",
	"Meeting Action",
	"Minutes Distribution",
	"Group Message Attachment",
	"Coordinator Appointment",
	"Escalation Leader",
)

# The app's DocTypes that hold no personal data, and why; every DocType of the app is here or above.
UNPROTECTED = {
	"Service Unit": "the municipality's units: names and leaders, read by all staff",
	"Ansvarsgruppe Settings": "the municipality's settings (Single), System Manager and KE",
	"IDporten Settings": "the log-in's settings (Single), System Manager only",
	"Sent Alert": "the alerts' ledger, System Manager only",
}

# Roads -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Road:
	"""Who may take a road (audiences or role names), and the guard that checks the request's arguments
	(a function of ``permissions/guards.py``; None: the method checks its own arguments, or has none)."""

	who: tuple[str, ...]
	guard: str | None = None


def _road(*who: str, guard: str | None = None) -> Road:
	return Road(tuple(who), guard)


# Whitelisted methods, by the name the client calls (the overrides in hooks.py answer in Frappe's place).
METHODS = {
	# Session, log-in and the website ---------------------------------------------------------------
	"ping": _road(GUEST),
	"login": _road(GUEST),
	"logout": _road(USER),
	"web_logout": _road(USER),
	"frappe.auth.get_logged_user": _road(USER),
	"frappe.core.doctype.user.user.reset_password": _road(GUEST),
	"frappe.core.doctype.user.user.update_password": _road(GUEST),
	"frappe.core.doctype.user.user.test_password_strength": _road(GUEST),
	# the portal's forms; the app's override answers staff that the forms are the family's
	"frappe.website.doctype.web_form.web_form.accept": _road(USER),
	"frappe.realtime.can_subscribe_doc": _road(USER),
	"frappe.realtime.can_subscribe_doctype": _road(USER),
	"frappe.realtime.get_user_info": _road(USER),
	# The desk: forms ---------------------------------------------------------------------------------
	"frappe.desk.form.load.getdoc": _road(STAFF, guard="document"),
	"frappe.desk.form.load.getdoctype": _road(STAFF, guard="doctype"),
	"frappe.desk.form.load.get_docinfo": _road(STAFF, guard="document"),
	"frappe.desk.form.save.savedocs": _road(STAFF, guard="saved_document"),
	"frappe.desk.form.utils.add_comment": _road(STAFF, guard="comment"),
	"frappe.desk.form.utils.update_comment": _road(STAFF),
	"frappe.client.validate_link": _road(STAFF, guard="link"),
	"frappe.desk.form.linked_with.get": _road(STAFF, guard="document"),
	"frappe.desk.form.linked_with.get_submitted_linked_docs": _road(STAFF, guard="document"),
	"frappe.model.workflow.get_transitions": _road(STAFF, guard="saved_document"),
	"frappe.model.workflow.apply_workflow": _road(STAFF, guard="saved_document"),
	"frappe.desk.form.assign_to.add": _road(STAFF, guard="side_action"),
	"frappe.desk.form.assign_to.remove": _road(STAFF, guard="side_action"),
	"frappe.desk.like.toggle_like": _road(STAFF, guard="side_action"),
	"frappe.desk.doctype.tag.tag.add_tag": _road(STAFF, guard="side_action"),
	"frappe.desk.doctype.tag.tag.remove_tag": _road(STAFF, guard="side_action"),
	"frappe.desk.doctype.tag.tag.get_tags": _road(STAFF, guard="list_arguments"),
	"frappe.desk.form.document_follow.follow_document": _road(STAFF, guard="follow"),
	"frappe.desk.form.document_follow.unfollow_document": _road(STAFF, guard="follow"),
	"frappe.desk.form.document_follow.update_follow": _road(STAFF, guard="follow"),
	"frappe.desk.form.document_follow.get_follow_users": _road(STAFF, guard="document"),
	"frappe.desk.doctype.tag.tag.add_tags": _road(STAFF, guard="side_action"),
	"frappe.desk.doctype.tag.tag.get_tagged_docs": _road(STAFF, guard="document"),
	"frappe.desk.doctype.tag.tag.get_documents_for_tag": _road(STAFF),
	"frappe.desk.doctype.tag.tag.get_tags_list_for_awesomebar": _road(STAFF),
	"frappe.desk.form.assign_to.add_multiple": _road(STAFF, guard="side_action"),
	"frappe.desk.form.assign_to.remove_multiple": _road(STAFF, guard="side_action"),
	"frappe.desk.search.get_names_for_mentions": _road(STAFF),
	"frappe.handler.upload_file": _road(STAFF, guard="upload"),
	"upload_file": _road(STAFF, guard="upload"),
	# removing an attachment: File's has_permission and its controller decide (permissions/files.py)
	"frappe.desk.form.utils.remove_attach": _road(STAFF),
	"run_doc_method": _road(STAFF, guard="doc_method"),
	# The desk: lists, search, reports --------------------------------------------------------------
	"frappe.desk.reportview.get": _road(STAFF, guard="list_arguments"),
	"frappe.desk.reportview.get_list": _road(STAFF, guard="list_arguments"),
	"frappe.desk.reportview.get_count": _road(STAFF, guard="list_arguments"),
	"frappe.desk.reportview.get_sidebar_stats": _road(STAFF, guard="list_arguments"),
	"frappe.desk.reportview.get_stats": _road(STAFF, guard="list_arguments"),
	"frappe.desk.reportview.export_query": _road(STAFF, guard="list_arguments"),
	"frappe.desk.listview.get_list_settings": _road(STAFF, guard="doctype"),
	"frappe.desk.listview.set_list_settings": _road(STAFF, guard="doctype"),
	"frappe.desk.listview.get_group_by_count": _road(STAFF, guard="list_arguments"),
	"frappe.desk.search.search_link": _road(STAFF, guard="list_arguments"),
	"frappe.desk.search.search_widget": _road(STAFF, guard="list_arguments"),
	# the title a link shows in place of the record's number
	"frappe.desk.search.get_link_title": _road(STAFF, guard="readable_title"),
	"frappe.client.get_list": _road(STAFF, guard="list_arguments"),
	"frappe.client.get_count": _road(STAFF, guard="list_arguments"),
	"frappe.client.get_value": _road(STAFF, guard="list_arguments"),
	"frappe.client.get": _road(STAFF, guard="list_arguments"),
	"frappe.desk.query_report.run": _road(STAFF, guard="report"),
	"frappe.desk.query_report.get_script": _road(STAFF, guard="report"),
	"frappe.desk.query_report.export_query": _road(STAFF, guard="report"),
	"frappe.model.utils.user_settings.save": _road(STAFF, guard="doctype"),
	"frappe.model.utils.user_settings.get": _road(STAFF, guard="doctype"),
	# The desk: workspaces, cards, charts, calendar, notifications -----------------------------------
	"frappe.desk.desktop.get_workspace_sidebar_items": _road(STAFF),
	"frappe.desk.desktop.get_desktop_page": _road(STAFF),
	"frappe.desk.doctype.dashboard_settings.dashboard_settings.create_dashboard_settings": _road(
		STAFF, guard="own_user"
	),
	"frappe.desk.doctype.number_card.number_card.get_result": _road(STAFF, guard="number_card"),
	"frappe.desk.doctype.number_card.number_card.get_percentage_difference": _road(
		STAFF, guard="number_card"
	),
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": _road(STAFF, guard="dashboard_chart"),
	"frappe.desk.notifications.get_notification_info": _road(STAFF),
	# today's events in the notification menu
	"frappe.desk.doctype.event.event.get_events": _road(STAFF, guard="events"),
	"frappe.desk.notifications.get_open_count": _road(STAFF, guard="document"),
	"frappe.desk.doctype.notification_log.notification_log.get_notification_logs": _road(STAFF),
	"frappe.desk.doctype.notification_log.notification_log.mark_all_as_read": _road(STAFF),
	"frappe.desk.doctype.notification_log.notification_log.mark_as_read": _road(STAFF),
	"frappe.desk.doctype.notification_settings.notification_settings.get_subscribed_documents": _road(STAFF),
	"frappe.desk.doctype.route_history.route_history.deferred_insert": _road(STAFF, guard="route_history"),
	"frappe.core.doctype.session_default_settings.session_default_settings.get_session_default_values": _road(
		STAFF
	),
	# Prints and mail -------------------------------------------------------------------------------
	"frappe.www.printview.get_html_and_style": _road(STAFF, guard="document"),
	"frappe.utils.print_format.download_pdf": _road(STAFF, PORTAL, guard="document"),
	"frappe.core.doctype.communication.email.make": _road(STAFF, guard="document"),
	"frappe.email.get_contact_list": _road(STAFF),
	# The app's own endpoints: each checks who asks and what for itself -----------------------------
	"ansvarsgruppe.api.desk.get_relations": _road(STAFF),
	"ansvarsgruppe.api.desk.get_group_access_history": _road(STAFF),
	"ansvarsgruppe.api.messages.conversation_summary": _road(STAFF, PORTAL),
	"ansvarsgruppe.api.messages.get_conversation": _road(STAFF, PORTAL),
	"ansvarsgruppe.api.messages.send_message": _road(STAFF, PORTAL),
	"ansvarsgruppe.api.messages.withdraw_message": _road(STAFF, PORTAL),
	"ansvarsgruppe.api.messages.document": _road(STAFF, PORTAL),
	"ansvarsgruppe.api.home.coordinated_groups": _road(STAFF),
	"ansvarsgruppe.api.home.coordinated_next_meetings": _road(STAFF),
	"ansvarsgruppe.api.home.minutes_to_finish": _road(STAFF),
	"ansvarsgruppe.api.home.reviews_due": _road(STAFF),
	"ansvarsgruppe.api.home.transitions_due": _road(STAFF),
	"ansvarsgruppe.api.home.escalations_waiting": _road(STAFF),
	"ansvarsgruppe.api.home.consents_expiring": _road(STAFF),
	"ansvarsgruppe.api.home.measures_overdue": _road(STAFF),
	"ansvarsgruppe.api.home.applications_waiting": _road(STAFF),
	"ansvarsgruppe.api.home.applications_past_deadline": _road(STAFF),
	"ansvarsgruppe.api.home.open_groups": _road(STAFF),
	"ansvarsgruppe.api.home.groups_without_review": _road(STAFF),
	"ansvarsgruppe.api.home.coordinators": _road(STAFF),
	"ansvarsgruppe.api.home.applications_to_appoint": _road(STAFF),
	"ansvarsgruppe.api.home.unit_groups": _road(STAFF),
	"ansvarsgruppe.api.home.escalations_to_me": _road(STAFF),
	"ansvarsgruppe.api.home.my_groups": _road(STAFF),
	"ansvarsgruppe.api.home.my_next_meetings": _road(STAFF),
	"ansvarsgruppe.api.home.my_open_measures": _road(STAFF),
	"ansvarsgruppe.api.home.cards": _road(STAFF),
	"ansvarsgruppe.api.home.get_meeting_events": _road(STAFF, guard="calendar"),
	"ansvarsgruppe.api.idporten.login": _road(GUEST),
	"ansvarsgruppe.api.idporten.callback": _road(GUEST),
	"ansvarsgruppe.api.idporten.frontchannel_logout": _road(GUEST),
	"ansvarsgruppe.api.idporten.web_logout": _road(USER),
	"ansvarsgruppe.api.portal.invite": _road(STAFF),
	"ansvarsgruppe.api.portal.withdraw_consent": _road(PORTAL),
	"ansvarsgruppe.api.voice.answer_invitation": _road(PORTAL),
	"ansvarsgruppe.api.voice.propose_agenda_item": _road(PORTAL),
	"ansvarsgruppe.api.plan_voice.propose_to_plan": _road(PORTAL),
	"ansvarsgruppe.api.plan_voice.agree_to_plan": _road(PORTAL),
	# checked against the plan's coordinator (individual_plan/plan_voice.py)
	"ansvarsgruppe.api.plan_voice.answer_plan_proposal": _road(COORDINATOR),
	"ansvarsgruppe.api.archive.archive_group": _road(STAFF),
	"ansvarsgruppe.api.archive.archive_plan": _road(STAFF),
	"ansvarsgruppe.api.archive.download_package": _road(STAFF),
	"ansvarsgruppe.api.archive.reopen_group": _road(STAFF),
	"ansvarsgruppe.api.archive.correct": _road(STAFF),
	# the responsible unit's leader appoints a group's coordinator (permissions/appointments.py)
	"ansvarsgruppe.api.groups.appoint_coordinator": _road(UNIT_LEADER),
	"ansvarsgruppe.api.groups.coordinator_candidates": _road(UNIT_LEADER),
	# the group's coordinator adds its members in one go (api/members.py checks it is their group)
	"ansvarsgruppe.api.members.add_members": _road(COORDINATOR),
	# the group's coordinator hands it over to the municipality the person moves to (api/handover.py checks it
	# is their group)
	"ansvarsgruppe.api.handover.hand_over_group": _road(COORDINATOR),
	"ansvarsgruppe.ansvarsgruppe.doctype.individual_plan.individual_plan.make_individual_plan": _road(STAFF),
	# the Local Administrator brings in existing groups with Data Import (overrides/data_import.py decides
	# which DocTypes, as new records only; Data Import's own permission which imports)
	**{
		f"frappe.core.doctype.data_import.data_import.{method}": _road(LOCAL_ADMINISTRATOR)
		for method in ("get_preview_from_template", "form_start_import", "get_import_logs")
	},
}

# Document methods (``run_doc_method`` and ``/api/resource/<DocType>/<name>?run_method=``), by DocType.
DOC_METHODS = {
	"Meeting Minutes": {"send_invitation": _road(STAFF), "answer_proposal": _road(COORDINATOR)},
	"Individual Plan": {"update_my_measure": _road(STAFF)},
}

# ``/api/resource/<DocType>`` and ``/api/resource/<DocType>/<name>``, by verb: GET reads a list or one
# record (the list's identifiers checked), POST creates, PUT changes, DELETE deletes. Any DocType not
# here is closed to everyone but System Manager; Frappe's own permissions still decide within a road.
_READ = {"GET": _road(STAFF, guard="list_arguments")}
RESOURCES = {
	**{doctype: _READ for doctype in PROTECTED},
	"Service Unit": _READ,
}

# The reports a road runs, with the filters each takes (values the report reads, never field names).
REPORTS = {
	"Responsibility Group Overview": ("status", "responsible_unit"),
	# the measures the user is responsible for (the participants' "Mine åpne tiltak" card)
	"My Open Measures": (),
	# «Årsstatistikk»: counts only, for KE and the Local Administrator (the report's roles)
	"Yearly Statistics": ("year",),
}

# Link searches by a query method of their own (``search_link``'s ``query``), beside the DocType's own.
SEARCH_QUERIES = frozenset()

# Website routes (the first part of the path), by audience; any other route is closed.
PAGES = {
	"": _road(GUEST),
	"index": _road(GUEST),
	"login": _road(GUEST),
	"logg-inn": _road(GUEST),
	"logout": _road(USER),
	"update-password": _road(GUEST),
	"message": _road(GUEST),
	"404": _road(GUEST),
	"website_script.js": _road(GUEST),
	"robots.txt": _road(GUEST),
	# the desk's real-time client asks the web server when no socket.io server answers (404)
	"socket.io": _road(USER),
	# the desk; Frappe sends a guest to log in and a portal user to the portal
	"app": _road(GUEST),
	"desk": _road(GUEST),
	"printview": _road(STAFF, PORTAL, guard="document"),
	"private": _road(USER),
	"me": _road(GUEST),
	# the portal's pages: each sends a guest to log in and shows a portal user only their own family
	"mine-ansvarsgrupper": _road(GUEST),
	"individuell-plan": _road(GUEST),
	"innsyn": _road(GUEST),
	"innkallinger": _road(GUEST),
	# the portal's web forms (``ansvarsgruppe/ansvarsgruppe/web_form/``)
	"samtykke": _road(GUEST),
	"soknad-om-ip": _road(GUEST),
}

# Whitelisted methods decided closed to everyone but System Manager, one a line (generated once from the
# enumeration, then kept by hand: a method leaves this list when a road above opens it).
CLOSED = frozenset(
	line.strip()
	for line in (Path(__file__).with_name("closed_roads.txt")).read_text().splitlines()
	if line.strip() and not line.startswith("#")
)


def road_of_method(method: str) -> Road | None:
	return METHODS.get(method)


def road_of_doc_method(doctype: str, method: str) -> Road | None:
	return DOC_METHODS.get(doctype, {}).get(method)


def road_of_resource(doctype: str, verb: str) -> Road | None:
	return RESOURCES.get(doctype, {}).get(verb)


def road_of_page(route: str) -> Road | None:
	return PAGES.get(route)


def open_to(road: Road | None, audiences, roles=()) -> bool:
	"""Whether a user of ``audiences`` and ``roles`` may take ``road`` (its guard still to pass)."""
	return road is not None and any(who in audiences or who in roles for who in road.who)
