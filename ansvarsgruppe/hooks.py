from ansvarsgruppe.permissions import registry

app_name = "ansvarsgruppe"
app_title = "Ansvarsgruppe"
app_publisher = "Ansvarsgruppe contributors"
app_description = "Responsibility groups (ansvarsgrupper) for Norwegian municipalities"
app_email = "post@ansvarsgruppe.invalid"
app_license = "mit"

# Controllers carry the fields as type annotations, regenerated when a DocType is saved in developer mode.
export_python_type_annotations = True

# Installation
# ------------
after_install = "ansvarsgruppe.setup.install.after_install"
after_migrate = "ansvarsgruppe.setup.install.after_migrate"

# Who may do what (ansvarsgruppe/permissions/registry.py: roles, protected DocTypes, roads)
# ------------------------------------------------------------------------------------------
# Every protected DocType through one pair (records.py), its child tables through their parent's rows,
# and File through the record it is attached to (files.py).
permission_query_conditions = {
	**{doctype: "ansvarsgruppe.permissions.records.record_query" for doctype in registry.PROTECTED},
	**{child: "ansvarsgruppe.permissions.endpoints.child_query" for child in registry.CHILD_TABLES},
	"File": "ansvarsgruppe.permissions.files.file_query",
	# Side channels (ansvarsgruppe/permissions/side_channels.py): one's own follows; tags of readable records.
	"Document Follow": "ansvarsgruppe.permissions.side_channels.follow_query",
	"Tag Link": "ansvarsgruppe.permissions.side_channels.tag_query",
	"Data Import": "ansvarsgruppe.permissions.imports.import_query",
}

has_permission = {
	**{doctype: "ansvarsgruppe.permissions.records.record_permission" for doctype in registry.PROTECTED},
	"File": "ansvarsgruppe.permissions.files.file_permission",
	"Document Follow": "ansvarsgruppe.permissions.side_channels.follow_permission",
	"Tag Link": "ansvarsgruppe.permissions.side_channels.tag_permission",
	"Data Import": "ansvarsgruppe.permissions.imports.import_permission",
}

# Deny by default: a request of a user without System Manager takes only a road the registry opens to them,
# its arguments checked (ansvarsgruppe/permissions/gate.py).
before_request = [
	"ansvarsgruppe.permissions.gate.guard_request",
	# Frappe's log-in page sends the browser on only to a path on this site (permissions/side_channels.py).
	"ansvarsgruppe.permissions.side_channels.guard_login_redirect",
]

doc_events = {
	"File": {
		"before_insert": "ansvarsgruppe.permissions.files.refuse_public_attachment",
		"before_validate": "ansvarsgruppe.permissions.files.refuse_public_attachment",
	},
	# A group that closes is archived (R19): a Noark 5 package made in the background.
	"Responsibility Group": {
		"on_update": "ansvarsgruppe.archive.package.archive_when_closed",
		"validate": "ansvarsgruppe.overrides.data_import.keep_import_marks",
	},
	# A consent withdrawal that ends members' access is told to the coordinator at once.
	"Consent": {
		"on_update": "ansvarsgruppe.alerts.consent_withdrawal.on_consent_update",
		"validate": "ansvarsgruppe.overrides.data_import.keep_import_marks",
	},
	# Where an imported record came from, who brought it in and when: written by the import only.
	"Service User": {"validate": "ansvarsgruppe.overrides.data_import.keep_import_marks"},
	"Group Member": {"validate": "ansvarsgruppe.overrides.data_import.keep_import_marks"},
	"Meeting Minutes": {"validate": "ansvarsgruppe.overrides.data_import.keep_import_marks"},
	# the person's agreement to the plan and the family's proposals beside it (individual_plan/plan_voice.py)
	"Individual Plan": {
		"validate": [
			"ansvarsgruppe.overrides.data_import.keep_import_marks",
			"ansvarsgruppe.ansvarsgruppe.doctype.individual_plan.plan_voice.validate",
		],
		"before_validate": "ansvarsgruppe.ansvarsgruppe.doctype.individual_plan.plan_voice.before_validate",
		"onload": "ansvarsgruppe.ansvarsgruppe.doctype.individual_plan.plan_voice.onload",
		# a plan without a group that ends is archived as a group that closes (R19)
		"on_update": "ansvarsgruppe.archive.package.archive_plan_when_closed",
	},
	# An alert's mail is about the document the alert has in hand: Frappe need not read it again.
	"Communication": {"before_insert": "ansvarsgruppe.overrides.notification.about_the_alerts_document"},
	# A user given one of the app's roles lands on that role's workspace, and the app's staff see only the
	# app's workspaces in the sidebar (ansvarsgruppe/setup/homes.py).
	"User": {
		"validate": [
			"ansvarsgruppe.setup.homes.set_home_workspace",
			"ansvarsgruppe.setup.homes.set_staff_modules",
		]
	},
	# Likes, comments, tags, assignments and follows only on records the user may read, and never a like,
	# comment, tag or new assignment on a final record (ansvarsgruppe/permissions/side_channels.py).
	"Comment": {
		"validate": "ansvarsgruppe.permissions.side_channels.check_comment",
		"on_trash": "ansvarsgruppe.permissions.side_channels.check_comment",
	},
	"Tag Link": {"validate": "ansvarsgruppe.permissions.side_channels.check_tag"},
	"ToDo": {"validate": "ansvarsgruppe.permissions.side_channels.check_assignment"},
	"Document Follow": {"validate": "ansvarsgruppe.permissions.side_channels.check_follow"},
	# While an alert is sent, the mail it queued is noted, so that the ledger says sent only what was queued.
	"Email Queue": {"after_insert": "ansvarsgruppe.alerts.ledger.note_queued_mail"},
	# A step whose mail could not be queued is undone as a whole (after Frappe's notifications ran).
	"*": {"on_change": "ansvarsgruppe.alerts.ledger.fail_if_mail_failed"},
}

# Desk
# ----
app_include_js = [
	"/assets/ansvarsgruppe/js/desk.js",
	"/assets/ansvarsgruppe/js/workflow_actions.js",
	"/assets/ansvarsgruppe/js/desk_home.js",
]
doctype_js = {
	"Consent": ["public/js/relations.js", "public/js/archive.js"],
	"Group Member": "public/js/relations.js",
	"IP Application": "public/js/relations.js",
	# The group's conversation with the family (ansvarsgruppe/api/messages.py), and the archive's actions:
	# "Arkiver" on a group, a new version of final minutes or an approved plan.
	"Responsibility Group": ["public/js/group_messages.js", "public/js/archive.js"],
	"Meeting Minutes": "public/js/archive.js",
	# the family's proposed goals and comments beside the plan, answered by its coordinator
	"Individual Plan": ["public/js/archive.js", "public/js/plan_voice.js"],
}

# Family portal (ansvarsgruppe/portal/, api/portal.py)
# ----------------------------------------------------
has_website_permission = {
	doctype: "ansvarsgruppe.portal.permissions.has_website_permission"
	for doctype, protected in registry.PROTECTED.items()
	if protected.website
}

standard_portal_menu_items = [
	{"title": "My Responsibility Groups", "route": "/mine-ansvarsgrupper", "role": "Family Portal User"},
	{"title": "Individual Plan", "route": "/individuell-plan", "role": "Family Portal User"},
	{"title": "Access Log", "route": "/innsyn", "role": "Family Portal User"},
	{"title": "Invitations", "route": "/innkallinger", "role": "Family Portal User"},
]

# Print formats, PDFs and meeting e-mail (ansvarsgruppe/printing/, meeting_minutes/meeting_mail.py)
# ---------------------------------------------------------------------------------------------
# Helpers the print formats' Jinja templates call (Norwegian dates, labels, lookups).
jinja = {
	"methods": [
		"ansvarsgruppe.printing.jinja.ag_context",
		"ansvarsgruppe.printing.jinja.ag_meeting_time",
		"ansvarsgruppe.printing.jinja.ag_label",
		"ansvarsgruppe.printing.jinja.ag_user_name",
	],
}
# The desk's PDF download, with page numbers stamped on the app's print formats (wkhtmltopdf built
# against unpatched Qt cannot add footers itself); other print formats pass through unchanged.
override_whitelisted_methods = {
	"frappe.utils.print_format.download_pdf": "ansvarsgruppe.printing.desk.download_pdf",
	# The desk's print preview, logged for Innsyn as the print view is.
	"frappe.www.printview.get_html_and_style": "ansvarsgruppe.printing.desk.get_html_and_style",
	# The desk's e-mail composer: a record goes only to whom its consent covers (R5), logged for Innsyn.
	"frappe.core.doctype.communication.email.make": "ansvarsgruppe.ansvarsgruppe.doctype.meeting_minutes.meeting_mail.make_communication",
	# Framework roads that skip the row rules or field levels (ansvarsgruppe/permissions/endpoints.py).
	"frappe.client.get_count": "ansvarsgruppe.permissions.endpoints.get_count",
	"frappe.desk.search.search_widget": "ansvarsgruppe.permissions.endpoints.search_widget",
	"frappe.desk.search.search_link": "ansvarsgruppe.permissions.endpoints.search_link",
	"frappe.desk.listview.get_group_by_count": "ansvarsgruppe.permissions.endpoints.get_group_by_count",
	"frappe.desk.notifications.get_open_count": "ansvarsgruppe.permissions.endpoints.get_open_count",
	# The portal's log-out also ends an ID-porten session there (ansvarsgruppe/api/idporten.py).
	"web_logout": "ansvarsgruppe.api.idporten.web_logout",
	# Dashboard charts over the app's records: per user, with permission on the chart (permissions/charts.py).
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": "ansvarsgruppe.permissions.charts.get_chart",
	# The form's attachments without the group messages' documents the user may not read (permissions/files.py),
	# and its history without the fields above the user's level (permissions/side_channels.py).
	"frappe.desk.form.load.getdoc": "ansvarsgruppe.permissions.side_channels.getdoc",
	"frappe.desk.form.load.get_docinfo": "ansvarsgruppe.permissions.side_channels.get_docinfo",
	# Side channels (permissions/side_channels.py): likes and tags are written into the record's row before
	# any row event; exports to CSV and Excel carry no formula from the data.
	"frappe.desk.like.toggle_like": "ansvarsgruppe.permissions.side_channels.toggle_like",
	"frappe.desk.doctype.tag.tag.add_tag": "ansvarsgruppe.permissions.side_channels.add_tag",
	"frappe.desk.doctype.tag.tag.add_tags": "ansvarsgruppe.permissions.side_channels.add_tags",
	"frappe.desk.doctype.tag.tag.remove_tag": "ansvarsgruppe.permissions.side_channels.remove_tag",
	# ... and who follows a record, and which records carry a tag, are told only about readable records.
	"frappe.desk.doctype.tag.tag.get_tagged_docs": "ansvarsgruppe.permissions.side_channels.get_tagged_docs",
	"frappe.desk.form.document_follow.get_follow_users": "ansvarsgruppe.permissions.side_channels.get_follow_users",
	"frappe.desk.reportview.export_query": "ansvarsgruppe.permissions.side_channels.export_query",
	"frappe.desk.query_report.export_query": "ansvarsgruppe.permissions.side_channels.export_query_report",
	"frappe.core.doctype.data_import.data_import.download_template": "ansvarsgruppe.permissions.side_channels.download_import_template",
	"frappe.core.doctype.data_export.exporter.export_data": "ansvarsgruppe.permissions.side_channels.export_data",
	# Frappe's ZIP of chosen files checks each without the has_permission hooks.
	"frappe.core.api.file.zip_files": "ansvarsgruppe.permissions.files.zip_files",
	# The family portal's web forms are for portal users only (ansvarsgruppe/portal/web_forms.py).
	"frappe.website.doctype.web_form.web_form.accept": "ansvarsgruppe.portal.web_forms.accept_web_form",
}
# With password log-in turned off, portal users log in with ID-porten only (ansvarsgruppe/portal/idporten.py).
on_login = "ansvarsgruppe.portal.idporten.refuse_password_login"

# Scheduled e-mail alerts (ansvarsgruppe/alerts/, overrides/notification.py, tasks/)
# ---------------------------------------------------------------------------------
# Frappe's Notification, plus once-per-occasion bookkeeping (Sent Alert) and the R5 recipient guard for the
# app's DocTypes; other DocTypes' notifications behave exactly as in Frappe.
override_doctype_class = {
	"Notification": "ansvarsgruppe.overrides.notification.AlertNotification",
	# Files follow their record: read, attached and removed by the app's rule for what they are
	# (overrides/file.py, permissions/files.py).
	"File": "ansvarsgruppe.overrides.file.RecordFile",
	# Existing groups brought in as history by the Local Administrator (overrides/data_import.py).
	"Data Import": "ansvarsgruppe.overrides.data_import.HistoryDataImport",
}
# The alerts a Notification cannot time by itself (unanswered applications, escalation reminders,
# withdrawals taking effect); the "Days Before/After" alerts run in Frappe's own daily job.
scheduler_events = {
	"daily": [
		"ansvarsgruppe.tasks.deadlines.send_daily_alerts",
		"ansvarsgruppe.tasks.plans.send_daily_plan_alerts",
		# the applicant's interim answer when a decision takes long (forvaltningsloven § 11 a)
		"ansvarsgruppe.tasks.answers.send_interim_answers",
		# first-time applicants' accounts never used to apply
		"ansvarsgruppe.tasks.unused_accounts.remove_unused_first_time_accounts",
		# the person's coming of age (R5, R13)
		"ansvarsgruppe.tasks.adulthood.send_daily_adulthood_alerts",
		"ansvarsgruppe.permissions.side_channels.send_daily_follow_mails",
	],
	# The followed records' digest in Frappe's place, each record checked against its reader when sent
	# (Frappe's own digest jobs are stopped at install and migrate: permissions/side_channels.py).
	"hourly": ["ansvarsgruppe.permissions.side_channels.send_hourly_follow_mails"],
	"weekly_long": ["ansvarsgruppe.permissions.side_channels.send_weekly_follow_mails"],
}

web_include_css = "/assets/ansvarsgruppe/css/portal.css"
web_include_js = "/assets/ansvarsgruppe/js/portal.js"
